package dev.nflab.netfilter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What netfilter runs at each IPv4 hook, in priority order (the kernel's
 * {@code enum nf_ip_hook_priorities}): the tables, connection tracking at -200 and its confirmation
 * last. The one list the kernel model follows and the flow diagram draws.
 */
public enum HookPriority {
    RAW(-300, TableName.RAW, EnumSet.of(Hook.PREROUTING, Hook.OUTPUT)),
    /** Conntrack looks the packet up (or starts a connection): its state for the later tables. */
    CONNTRACK(-200, null, EnumSet.of(Hook.PREROUTING, Hook.OUTPUT)),
    MANGLE(-150, TableName.MANGLE, EnumSet.allOf(Hook.class)),
    /** nat for DNAT (and REDIRECT): consulted on a connection's first packet only. */
    NAT_DST(-100, TableName.NAT, EnumSet.of(Hook.PREROUTING, Hook.OUTPUT)),
    FILTER(0, TableName.FILTER, EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
    SECURITY(50, TableName.SECURITY, EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT)),
    /** nat for SNAT and MASQUERADE. */
    NAT_SRC(100, TableName.NAT, EnumSet.of(Hook.INPUT, Hook.POSTROUTING)),
    /** The connection enters the table once its first packet has passed every hook (INT_MAX). */
    CONNTRACK_CONFIRM(Integer.MAX_VALUE, null, EnumSet.of(Hook.INPUT, Hook.POSTROUTING));

    private static final Map<Hook, List<HookPriority>> AT = new EnumMap<>(Hook.class);

    static {
        for (Hook h : Hook.values()) {
            List<HookPriority> list = new ArrayList<>();
            for (HookPriority p : values()) {
                if (p.hooks.contains(h)) list.add(p); // declared in priority order
            }
            AT.put(h, List.copyOf(list));
        }
    }

    private final int priority;
    private final TableName table;
    private final Set<Hook> hooks;

    HookPriority(int priority, TableName table, Set<Hook> hooks) {
        this.priority = priority;
        this.table = table;
        this.hooks = hooks;
    }

    /** The kernel's number: lower runs first. */
    public int priority() {
        return priority;
    }

    /** The table that runs here, or null for conntrack and its confirmation. */
    public TableName table() {
        return table;
    }

    /** What runs at {@code hook}, in order. */
    public static List<HookPriority> at(Hook hook) {
        return AT.get(hook);
    }

    /** The tables at {@code hook}, in the order they run. */
    public static List<TableName> tablesAt(Hook hook) {
        List<TableName> list = new ArrayList<>();
        for (HookPriority p : at(hook)) {
            if (p.table != null) list.add(p.table);
        }
        return list;
    }
}
