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

    /**
     * The protocol the kernel's match requires of the rule's {@code -p} (x_tables' {@code .proto}:
     * 6 for tcp, 1 for icmp), or 0 when it takes any. A rule whose {@code -p} differs (or is
     * inverted) is refused when it reaches the kernel, not when it is parsed.
     */
    default int protocol() {
        return 0;
    }

    /**
     * iptables-nft: the match as nf_tables holds it and reads it back. Most stay xt matches the
     * kernel checks ({@code this}); tcp and udp with only ports become native payload expressions
     * (a match without the 0:65535 ranges, or null when nothing is left), which the kernel does
     * not check against {@code -p}.
     */
    default Match nftNative() {
        return this;
    }

    /**
     * The kernel's checkentry beyond the protocol: whether it takes the match in a rule of a
     * built-in chain at {@code hook} (null: a user chain, which the model does not check).
     */
    default boolean kernelAccepts(Hook hook) {
        return true;
    }

    /**
     * iptables-nft reads native expressions of one protocol back into one match (the first of
     * them, adjacent or not): this (native) match with {@code next} (a later one) folded in, or
     * null when they stay two.
     */
    default Match nftMerge(Match next) {
        return null;
    }

    /**
     * The kernel's checkentry for this match on {@code backend}, when the rule is committed: a
     * value iptables accepted but the kernel refuses throws iptables' message for the errno.
     */
    default void checkEntry(Backend backend) {
    }

    /**
     * The kernel made this rule's match anew: x_tables replaced the whole table it is in (legacy
     * iptables commits every change that way), or iptables-nft replaced the rule to zero its
     * counters. A match with state (limit's bucket) starts again as newly created.
     */
    default void tableReplaced() {
    }

    /** Whether the match keeps state between packets (then {@link #tableReplaced} matters). */
    default boolean hasState() {
        return false;
    }

    /** Whether the match looks up this ipset set (which then cannot be destroyed). */
    default boolean uses(IpSets.IpSet set) {
        return false;
    }

    /**
     * The recent list this match names and the stamps mask it needs (xt_recent's table), or null:
     * the namespace keeps such a list while any rule names it.
     */
    default RecentTables.Need recentTable() {
        return null;
    }
}
