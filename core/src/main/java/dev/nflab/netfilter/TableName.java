package dev.nflab.netfilter;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The IPv4 tables, each with its built-in chains and its priority at the hooks. Netfilter runs
 * the tables registered at a hook in priority order: raw (-300), [conntrack -200], mangle (-150),
 * nat for DNAT (-100), filter (0), security (50), nat for SNAT (+100).
 */
public enum TableName {
    RAW(-300, EnumSet.of(Hook.PREROUTING, Hook.OUTPUT)),
    MANGLE(-150, EnumSet.allOf(Hook.class)),
    NAT(-100, EnumSet.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING)),
    FILTER(0, EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
    SECURITY(50, EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));

    private final int priority;
    private final Set<Hook> hooks;

    TableName(int priority, Set<Hook> hooks) {
        this.priority = priority;
        this.hooks = hooks;
    }

    /** The priority at {@code hook}: nat's SNAT hooks (INPUT, POSTROUTING) run at +100. */
    public int priority(Hook hook) {
        if (this == NAT && (hook == Hook.INPUT || hook == Hook.POSTROUTING)) return 100;
        return priority;
    }

    public Set<Hook> hooks() {
        return hooks;
    }

    /** Built-in chains in hook order, as iptables-save lists them. */
    public List<Hook> builtinChains() {
        return List.copyOf(hooks);
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table for {@code -t NAME}, or null when there is no such table. */
    public static TableName byName(String name) {
        for (TableName t : values()) {
            if (t.lowerName().equals(name)) return t;
        }
        return null;
    }
}
