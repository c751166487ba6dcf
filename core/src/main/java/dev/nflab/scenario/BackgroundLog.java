package dev.nflab.scenario;

import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Protocol;
import dev.nflab.snapshot.Replay;
import dev.nflab.trace.TracedPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the background packets of a replay counted: each one's counter deltas (read around it),
 * summed, and alike packets (same description, same counters moved) described together. Either
 * every background packet of the replay, or only those of one window of it (one action's packets).
 */
final class BackgroundLog implements Replay.Observer {
    private static final int IGMP = 2;
    /** Where IGMPv3 membership reports go (RFC 3376). */
    private static final int IGMPV3_REPORTS = Ipv4.parse("224.0.0.22");
    final Map<CounterKey, long[]> total = new HashMap<>();
    /** (what, where) of each kind of background packet: {packets, bytes}. */
    private final Map<List<String>, long[]> kinds = new LinkedHashMap<>();
    private final int from;
    private final int to;
    private Map<CounterKey, long[]> before;

    /** Notes every background packet of the replay. */
    BackgroundLog() {
        this(0, Integer.MAX_VALUE);
    }

    /** Notes the background packets among the replay's packets {@code from .. to-1}. */
    BackgroundLog(int from, int to) {
        this.from = from;
        this.to = to;
    }

    private boolean noted(int i, boolean background) {
        return background && i >= from && i < to;
    }

    @Override public void before(int i, TracedPacket tp, boolean background, Ruleset rules) {
        before = noted(i, background) ? Counters.of(rules) : null;
    }

    @Override public void after(int i, TracedPacket tp, boolean background, Ruleset rules) {
        if (!noted(i, background)) return;
        List<String> where = new ArrayList<>();
        for (Map.Entry<CounterKey, long[]> e : Counters.of(rules).entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long dp = e.getValue()[0] - b[0], db = e.getValue()[1] - b[1];
            if (dp == 0 && db == 0) continue;
            total.merge(e.getKey(), new long[] {dp, db}, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
            CounterKey k = e.getKey();
            where.add(k.table() + " " + k.chain() + (k.isPolicy() ? " policy" : " #" + k.number()));
        }
        var p = tp.packet();
        String what = (p.protocol() == IGMP && p.destination() == IGMPV3_REPORTS
                ? "IGMPv3 report" : String.valueOf(Protocol.name(p.protocol())).toUpperCase())
                + " " + Ipv4.format(p.source()) + " > " + Ipv4.format(p.destination())
                + (tp.isLocal() ? ", sent by the host" + (tp.outDevice() == null ? "" : " out " + tp.outDevice())
                        : ", in on " + tp.inDevice());
        long[] n = kinds.computeIfAbsent(List.of(what, String.join(", ", where)), k -> new long[2]);
        n[0]++;
        n[1] += p.length();
    }

    /** "WHAT; N packet(s), B bytes; WHERE" for each kind. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<List<String>, long[]> e : kinds.entrySet()) {
            long n = e.getValue()[0];
            String where = e.getKey().get(1);
            lines.add(e.getKey().get(0) + "; " + n + (n == 1 ? " packet, " : " packets, ") + e.getValue()[1]
                    + " bytes; " + (where.isEmpty() ? "no counter moved" : where));
        }
        return lines;
    }
}
