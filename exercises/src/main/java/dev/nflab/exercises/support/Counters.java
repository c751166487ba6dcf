package dev.nflab.exercises.support;

import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every counter of a ruleset, by name: {@code nat:PREROUTING#1} for a rule, {@code
 * filter:FORWARD:policy} for a built-in chain's policy. Values are {@code packets:bytes}.
 */
public final class Counters {
    private Counters() {}

    /** Packet and byte counts, {@code [packets, bytes]}, by counter name, in listing order. */
    public static Map<String, long[]> of(Ruleset rules) {
        Map<String, long[]> map = new LinkedHashMap<>();
        for (Table t : rules.tables()) {
            for (Chain c : t.chains()) {
                String base = t.name().lowerName() + ":" + c.name();
                if (c.isBuiltin()) {
                    map.put(base + ":policy", new long[] {c.policyCounter().packets(), c.policyCounter().bytes()});
                }
                for (int i = 0; i < c.size(); i++) {
                    map.put(base + "#" + (i + 1), new long[] {c.rule(i).counter().packets(), c.rule(i).counter().bytes()});
                }
            }
        }
        return map;
    }

    /** {@code after - before}, keeping only the counters that moved (packets or bytes). */
    public static Map<String, long[]> delta(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, long[]> d = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long p = e.getValue()[0] - b[0];
            long by = e.getValue()[1] - b[1];
            if (p != 0 || by != 0) d.put(e.getKey(), new long[] {p, by});
        }
        return d;
    }

    /** The packet counts only, of the counters that moved. */
    public static Map<String, Long> packets(Map<String, long[]> counters) {
        Map<String, Long> m = new LinkedHashMap<>();
        counters.forEach((k, v) -> {
            if (v[0] != 0) m.put(k, v[0]);
        });
        return m;
    }

    /** {@code packets:bytes} strings of the counters that moved. */
    public static Map<String, String> text(Map<String, long[]> counters) {
        Map<String, String> m = new LinkedHashMap<>();
        counters.forEach((k, v) -> {
            if (v[0] != 0 || v[1] != 0) m.put(k, v[0] + ":" + v[1]);
        });
        return m;
    }
}
