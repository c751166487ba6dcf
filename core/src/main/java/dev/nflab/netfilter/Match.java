package dev.nflab.netfilter;

/**
 * A match extension ({@code -m NAME ...}): a condition on the packet or its connection. All of a
 * rule's matches must hold for its target to run.
 */
public interface Match {

    boolean matches(PacketContext packet);

    /** The match as iptables-save prints it, e.g. {@code -m addrtype --dst-type LOCAL}. */
    String toSave();

    /**
     * The match as {@code iptables -L -n} prints it after the addresses, with the leading space
     * iptables puts there, e.g. {@code " ADDRTYPE match dst-type LOCAL"}.
     */
    String toListing(Dialect dialect);

    /**
     * For the chain index: the single destination port this match requires, or -1 if it does not
     * require exactly one. Lets a chain with thousands of {@code --dport N} rules skip the rules
     * that cannot match without trying each.
     */
    default int requiredDestinationPort() {
        return -1;
    }

    /**
     * Whether the match needs connection tracking (as xt_conntrack's checkentry takes a reference
     * on it with nf_ct_netns_get): while such a rule exists, conntrack runs in the namespace.
     */
    default boolean needsConntrack() {
        return false;
    }

    /** Whether the match looks up this ipset set (which then cannot be destroyed). */
    default boolean uses(IpSets.IpSet set) {
        return false;
    }
}
