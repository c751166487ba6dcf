package dev.nflab.conntrack;

/**
 * A packet's connection tracking state, as {@code -m conntrack --ctstate} names it. SNAT and DNAT
 * are the match's virtual states: the packet's connection has a source / destination translation.
 */
public enum CtState {
    INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT;

    /** The bit for {@code --ctstate} and {@code --state} masks. */
    public int bit() {
        return 1 << ordinal();
    }
}
