package dev.nflab.netfilter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A host's whole IPv4 ruleset: the tables that exist, on one back end. With x_tables a table exists
 * once its module is loaded (by the first command that names it); with nf_tables, once something
 * created it.
 */
public final class Ruleset {
    private final Dialect dialect;
    private final Map<TableName, Table> tables = new EnumMap<>(TableName.class);
    /** The order iptables-save lists the tables in (x_tables: module load order, newest first). */
    private final List<TableName> order = new ArrayList<>();

    private final IpSets ipsets;

    public Ruleset(Dialect dialect) {
        this(dialect, new IpSets());
    }

    /** A ruleset in a namespace whose ipset sets are {@code ipsets} (ipset's state is per namespace). */
    public Ruleset(Dialect dialect, IpSets ipsets) {
        this.dialect = dialect;
        this.ipsets = ipsets;
    }

    /** The namespace's ipset sets, which the set match looks up. */
    public IpSets ipsets() { return ipsets; }

    /** Whether a rule uses the set (the kernel then refuses to destroy it). */
    public boolean references(IpSets.IpSet set) {
        for (Table t : tables.values()) {
            for (Chain c : t.chains()) {
                for (int i = 0; i < c.size(); i++) {
                    for (Match m : c.rule(i).matches()) {
                        if (m.uses(set)) return true;
                    }
                }
            }
        }
        return false;
    }

    public Dialect dialect() { return dialect; }
    public Backend backend() { return dialect.backend(); }

    /** The table, created (loaded) if it does not exist yet. */
    public Table table(TableName name) {
        Table t = tables.get(name);
        if (t == null) {
            t = new Table(name, dialect.backend(), this);
            tables.put(name, t);
            order.add(0, name);
        }
        return t;
    }

    /** The table if it exists, or null: a missing table is not traversed. */
    public Table existingTable(TableName name) {
        return tables.get(name);
    }

    public boolean hasTable(TableName name) {
        return tables.containsKey(name);
    }

    /**
     * Tables in iptables-save order: nf_tables lists mangle, security, raw, filter, nat (the
     * order of iptables-nft's enum nft_table_type, which indexes its table list; recorded:
     * lab/recorded/nft/owner-output, mangle before raw);
     * x_tables lists them as /proc/net/ip_tables_names does, most recently loaded first.
     */
    public List<Table> tables() {
        List<Table> list = new ArrayList<>();
        if (dialect.backend() == Backend.NFT) {
            for (TableName n : List.of(TableName.MANGLE, TableName.SECURITY, TableName.RAW, TableName.FILTER,
                    TableName.NAT)) {
                if (tables.containsKey(n)) list.add(tables.get(n));
            }
        } else {
            for (TableName n : order) list.add(tables.get(n));
        }
        return list;
    }

    /** Sets the x_tables listing order explicitly (as read from an iptables-save file). */
    public void setTableOrder(List<TableName> names) {
        order.clear();
        order.addAll(names);
        for (TableName n : tables.keySet()) {
            if (!order.contains(n)) order.add(n);
        }
    }

    private long generation;
    private long conntrackCheckedAt = -1;
    private boolean conntrackNeeded;

    /** Counts changes to the rules (any table), so answers derived from them can be cached. */
    void changed() {
        generation++;
    }

    /**
     * Whether connection tracking runs in this network namespace. The kernel enables it only
     * while something needs it (nf_ct_netns_get): a rule matching on conntrack state or a NAT
     * target. Without it packets have no connection and the nat table is never consulted
     * (observed: with dockerd --iptables=false the nat table exists and counts nothing).
     */
    public boolean conntrackNeeded() {
        if (conntrackCheckedAt != generation) {
            conntrackNeeded = false;
            for (Table t : tables.values()) {
                for (Chain c : t.chains()) {
                    for (int i = 0; i < c.size() && !conntrackNeeded; i++) {
                        Rule r = c.rule(i);
                        if (r.target().needsConntrack()) conntrackNeeded = true;
                        for (Match m : r.matches()) {
                            if (m.needsConntrack()) conntrackNeeded = true;
                        }
                    }
                }
            }
            conntrackCheckedAt = generation;
        }
        return conntrackNeeded;
    }

    private final RecentTables recent = new RecentTables();
    private long recentCheckedAt = -1;

    /**
     * The namespace's recent lists, as the rules now name them: a list no rule names is gone (the
     * kernel frees it with its last rule), one a rule needs is there.
     */
    public RecentTables recentTables() {
        if (recentCheckedAt != generation) {
            List<RecentTables.Need> named = new ArrayList<>();
            for (Table t : tables.values()) {
                for (Chain c : t.chains()) {
                    for (int i = 0; i < c.size(); i++) {
                        for (Match m : c.rule(i).matches()) {
                            RecentTables.Need n = m.recentTable();
                            if (n != null) named.add(n);
                        }
                    }
                }
            }
            recent.retainOnly(named);
            recentCheckedAt = generation;
        }
        return recent;
    }

    public void zeroAll() {
        for (Table t : tables.values()) t.zeroAll();
    }
}
