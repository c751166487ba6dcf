package dev.nflab.netfilter;

/** What a rule does when its matches hold: a verdict, a jump, or an action such as DNAT or LOG. */
public interface Target {

    /** Runs the target on the packet and says what the traversal does next. */
    Verdict apply(PacketContext packet);

    /** The name in the {@code target} column of {@code iptables -L}. */
    String name();

    /** As iptables-save prints it, e.g. {@code -j DNAT --to-destination 172.17.0.2:80}. */
    String toSave();

    /** The target's options as {@code iptables -L -n} prints them, with a leading space, or "". */
    default String toListing(Dialect dialect) {
        return "";
    }

    /** For a jump or goto: the chain entered; null otherwise. */
    default String chainName() {
        return null;
    }

    /** Whether this target is allowed in {@code table} (iptables refuses DNAT in filter, say). */
    default String checkTable(TableName table, String chain) {
        return null;
    }
}
