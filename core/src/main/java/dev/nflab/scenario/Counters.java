package dev.nflab.scenario;

import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every counter of a ruleset, in iptables-save order: {packets, bytes} by where it is. */
public final class Counters {
    private Counters() {}

    public static Map<CounterKey, long[]> of(Ruleset rs) {
        Map<CounterKey, long[]> m = new LinkedHashMap<>();
        for (Table t : rs.tables()) {
            for (Chain c : t.chains()) {
                if (c.isBuiltin()) {
                    m.put(new CounterKey(t.name().lowerName(), c.name(), 0, c.policy().name()),
                            new long[] {c.policyCounter().packets(), c.policyCounter().bytes()});
                }
                for (int i = 0; i < c.size(); i++) {
                    Rule r = c.rule(i);
                    m.put(new CounterKey(t.name().lowerName(), c.name(), i + 1, r.toSave()),
                            new long[] {r.counter().packets(), r.counter().bytes()});
                }
            }
        }
        return m;
    }
}
