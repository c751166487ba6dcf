package dev.nflab.netfilter;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The IPv4 tables, each with its built-in chains. The order they run in at a hook is
 * {@link HookPriority}'s.
 */
public enum TableName {
    RAW(EnumSet.of(Hook.PREROUTING, Hook.OUTPUT)),
    MANGLE(EnumSet.allOf(Hook.class)),
    NAT(EnumSet.of(Hook.PREROUTING, Hook.INPUT, Hook.OUTPUT, Hook.POSTROUTING)),
    FILTER(EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
    SECURITY(EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT));

    private final Set<Hook> hooks;

    TableName(Set<Hook> hooks) {
        this.hooks = hooks;
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
