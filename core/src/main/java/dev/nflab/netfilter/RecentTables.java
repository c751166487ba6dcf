package dev.nflab.netfilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent match's lists in one network namespace (xt_recent.c's recent_net): one table per
 * {@code --name}, shared by every rule that names it, kept while any rule does (so, unlike
 * limit's per-rule bucket, a legacy table replace keeps them: recorded in
 * data/real-iptables-1.8.9/extensions/recent). Each table holds at most {@code ip_list_tot} (100)
 * addresses, least recently used dropped first, each with the jiffies of its last hits.
 */
public final class RecentTables {
    static final int IP_LIST_TOT = 100;

    /** One address's entry: its hits' jiffies in a ring of {@code mask + 1} and the last TTL. */
    public static final class Entry {
        final long[] stamps;
        int nstamps;
        int index;
        public int ttl;

        Entry(int capacity, long now, int ttl) {
            stamps = new long[capacity];
            stamps[0] = now;
            nstamps = 1;
            index = 1;
            this.ttl = ttl;
        }

        public int count() { return nstamps; }
        public long stamp(int i) { return stamps[i]; }
    }

    /** One named list: entries by (masked) address in least-recently-used order. */
    public static final class RecentTable {
        int mask; // nstamps_max_mask
        private final int addressMask;
        final LinkedHashMap<Integer, Entry> entries = new LinkedHashMap<>();

        RecentTable(int mask, int addressMask) {
            this.mask = mask;
            this.addressMask = addressMask;
        }

        /**
         * The mask the list applies to every address (xt_recent's t->mask): the --mask of the rule
         * that created it, whatever --mask a later rule naming it gives (recorded: namespace 8).
         */
        public int addressMask() { return addressMask; }

        public Entry lookup(int address) {
            return entries.get(address);
        }

        /** recent_entry_init: a new entry with one hit, dropping the oldest when the table is full. */
        public Entry add(int address, long now, int ttl) {
            if (entries.size() >= IP_LIST_TOT) {
                Iterator<Integer> it = entries.keySet().iterator();
                it.next();
                it.remove();
            }
            Entry e = new Entry(mask + 1, now, ttl);
            entries.put(address, e);
            return e;
        }

        /** recent_entry_update: one more hit, the entry now the most recently used. */
        public void update(int address, Entry e, long now) {
            e.index &= mask;
            e.stamps[e.index++] = now;
            if (e.index > e.nstamps) e.nstamps = e.index;
            entries.remove(address);
            entries.put(address, e);
        }

        public void remove(int address) {
            entries.remove(address);
        }

        /** recent_entry_reap: drops the least recently used entry if its last hit is older than time. */
        public void reap(long time) {
            Iterator<Map.Entry<Integer, Entry>> it = entries.entrySet().iterator();
            if (!it.hasNext()) return;
            Entry e = it.next().getValue();
            long last = e.stamps[(e.index - 1) & mask];
            if (time - last > 0) it.remove();
        }

        public List<Integer> addresses() {
            return new ArrayList<>(entries.keySet());
        }
    }

    /** What a rule's recent match asks of the namespace: its list and the stamps it keeps. */
    /**
     * What a rule's recent match asks of the namespace: its list, the stamps mask its --hitcount
     * needs, its --mask, and when the kernel checked it ({@code order}: the first rule to name a
     * list creates it, and the list keeps that rule's --mask).
     */
    public record Need(String name, int stampsMask, int addressMask, long order) {}

    private final Map<String, RecentTable> tables = new HashMap<>();

    /** The table named {@code name}, created (empty, with room for mask + 1 hits) if missing. */
    public RecentTable table(String name, int mask) {
        return table(name, mask, -1);
    }

    private RecentTable table(String name, int mask, int addressMask) {
        RecentTable t = tables.get(name);
        if (t == null) {
            t = new RecentTable(mask, addressMask);
            tables.put(name, t);
        } else if (mask > t.mask) {
            // recent_mt_check: a rule needing more stamps flushes the table and widens it.
            t.entries.clear();
            t.mask = mask;
        }
        return t;
    }

    /** Drops the tables no rule names any more (recent_mt_destroy at the last reference). */
    void retainOnly(List<Need> needs) {
        Map<String, Need> first = new HashMap<>();
        Map<String, Integer> stamps = new HashMap<>();
        for (Need n : needs) {
            first.merge(n.name(), n, (a, b) -> a.order() <= b.order() ? a : b);
            stamps.merge(n.name(), n.stampsMask(), Math::max);
        }
        tables.keySet().retainAll(first.keySet());
        List<Need> byOrder = new ArrayList<>(first.values());
        byOrder.sort(java.util.Comparator.comparingLong(Need::order));
        for (Need n : byOrder) table(n.name(), stamps.get(n.name()), n.addressMask());
    }

    /** The names of the tables that exist, as /proc/net/xt_recent lists them. */
    public List<String> names() {
        List<String> list = new ArrayList<>(tables.keySet());
        list.sort(null);
        return list;
    }
}
