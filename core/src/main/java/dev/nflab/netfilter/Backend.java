package dev.nflab.netfilter;

/**
 * The two iptables back ends. They accept the same rules but differ where a learner can see it:
 * which built-in chains exist (and so count), the listing dialect, and the trace format.
 *
 * <ul>
 *   <li>{@link #LEGACY}: x_tables. Every built-in chain of a loaded table exists and counts
 *   (mangle counts every packet even with no rules). Ubuntu 20.04's default.</li>
 *   <li>{@link #NFT}: nf_tables. A built-in chain exists only once something created it (a rule
 *   or a policy); one that does not exist stays at [0:0] whatever passed.</li>
 * </ul>
 */
public enum Backend {
    LEGACY("legacy"), NFT("nf_tables");

    private final String label;

    Backend(String label) {
        this.label = label;
    }

    /** As iptables prints it in its version banner: {@code legacy} or {@code nf_tables}. */
    public String label() {
        return label;
    }
}
