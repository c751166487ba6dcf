package dev.nflab.netfilter;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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

    /** The tables the target is valid in (x_tables' {@code .table}); DNAT only in nat, say. */
    default Set<TableName> tables() {
        return EnumSet.allOf(TableName.class);
    }

    /**
     * The built-in chains (hooks) the target is valid in (x_tables' {@code .hooks}), in the order
     * the error names them; a user chain is not checked.
     */
    default List<Hook> hooks() {
        return List.of(Hook.values());
    }

    /**
     * x_tables' checkentry for a target whose kernel part looks at the rest of the rule (xt_TCPMSS
     * wants a tcp rule, and on x_tables a SYN flag match): whether the kernel takes the rule in
     * {@code hook} (null for a user chain) on {@code backend}.
     */
    default boolean acceptsRule(Rule rule, Hook hook, Backend backend) {
        return true;
    }

    /** Whether the target needs connection tracking (the NAT targets do: see {@link Match#needsConntrack}). */
    default boolean needsConntrack() {
        return false;
    }

    /**
     * The kernel's checkentry beyond table and hooks: whether it takes the target in a rule with
     * this {@code -p} (REJECT's tcp-reset wants {@code -p tcp}).
     */
    default boolean kernelAccepts(int protocol, boolean protocolInverted) {
        return true;
    }

    /**
     * The kernel's checkentry refusing the target with ENOENT rather than EINVAL, after the table,
     * hook and {@link #kernelAccepts} checks passed: true when it finds what the target names (CT's
     * conntrack helper or timeout policy).
     */
    default boolean kernelFinds(int protocol, boolean protocolInverted) {
        return true;
    }

    /**
     * iptables-nft turns the target into a native expression ({@code -j TRACE} is {@code meta
     * nftrace set 1}): then no table or hook restriction of the xt target applies.
     */
    default boolean nftNative() {
        return false;
    }
}
