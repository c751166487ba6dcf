package dev.nflab.scenario;

import dev.nflab.docker.HostLayout;
import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Protocol;
import dev.nflab.snapshot.Replay;
import dev.nflab.snapshot.Snapshot;
import dev.nflab.trace.TracedPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Predicted against measured, counter by counter, for a recorded snapshot. Two predictions:
 * the replay (the model given the packets the kernel actually saw: must equal the measurement
 * exactly) and, when the snapshot's scenario is known, the prediction from the scenario alone
 * (must fall within its bounds, and equal it where it is certain).
 */
public final class Comparison {
    /** One counter: measured, replayed, predicted range, and whether they agree. */
    public record Row(CounterKey key, long[] measured, long[] replayed, long[] predicted, boolean explained,
                      String why, long[] background) {}

    private final Path snapshot;
    private final List<Row> rows = new ArrayList<>();
    private final Prediction prediction;
    private final List<String> background = new ArrayList<>();

    private Comparison(Path snapshot, Prediction prediction) {
        this.snapshot = snapshot;
        this.prediction = prediction;
    }

    public List<Row> rows() { return rows; }
    /**
     * The background packets (sent by no action of the scenario: {@link Replay#isBackground}), one
     * line per kind: how many, what, and where the kernel (and the replay) counted them.
     */
    public List<String> background() { return background; }
    public Prediction prediction() { return prediction; }
    public Path snapshot() { return snapshot; }

    public boolean allExplained() {
        return rows.stream().allMatch(Row::explained);
    }

    /**
     * The scenario a lab recording came from: {@code scenario.scenario} in the snapshot, else
     * {@code lab/scenarios/NAME.scenario} for a snapshot directory named NAME.
     */
    public static Path scenarioOf(Path snapshot, Path repository) {
        Path inside = snapshot.resolve("scenario.scenario");
        if (Files.isRegularFile(inside)) return inside;
        Path lab = repository.resolve("lab/scenarios").resolve(snapshot.getFileName() + ".scenario");
        return Files.isRegularFile(lab) ? lab : null;
    }

    public static Comparison of(Path dir, Path scenarioFile) throws IptablesException {
        Snapshot s = Snapshot.open(dir);
        String after = s.afterRules();
        if (after == null) throw new IptablesException(dir + "/after.rules: missing (nothing measured to compare)", 2);
        Map<CounterKey, long[]> measured = Counters.of(s.afterRuleset());
        // The replay, noting what each background packet added to the counters.
        BackgroundLog log = new BackgroundLog();
        Replay replay = Replay.run(s, true, log);
        Map<CounterKey, long[]> replayed = Counters.of(replay.rules());
        Map<CounterKey, long[]> background = log.total;
        Prediction prediction = null;
        if (scenarioFile != null) {
            HostLayout layout = s.dialect().backend() == Backend.NFT ? HostLayout.LAB_NFT : HostLayout.LAB_LEGACY;
            prediction = Prediction.of(Scenario.read(scenarioFile), layout);
        }
        Comparison c = new Comparison(dir, prediction);
        c.background.addAll(log.lines());
        Map<String, String> names = prediction == null ? Map.of()
                : randomNames(measured.keySet(), prediction.ranges().keySet());
        for (Map.Entry<CounterKey, long[]> e : measured.entrySet()) {
            long[] m = e.getValue();
            long[] r = replayed.get(e.getKey());
            long[] p = prediction == null ? null : prediction.ranges().get(rename(e.getKey(), names));
            long[] bg = background.get(e.getKey());
            if (p != null && bg != null) p = new long[] {p[0] + bg[0], p[1] + bg[0], p[2] + bg[1], p[3] + bg[1]};
            String why = null;
            if (r == null || r[0] != m[0] || r[1] != m[1]) {
                why = "the replay differs from the kernel";
            } else if (prediction != null && p == null) {
                why = "the scenario's model has no such rule";
            } else if (p != null && (m[0] < p[0] || m[0] > p[1] || m[1] < p[2] || m[1] > p[3])) {
                why = p[0] == p[1] ? "certain prediction missed" : "outside the predicted range";
            }
            c.rows.add(new Row(e.getKey(), m, r, p, why == null, why, bg));
        }
        return c;
    }

    /**
     * What the background packets of a replay counted: each one's counter deltas (read around it),
     * summed, and alike packets (same description, same counters moved) described together.
     */
    private static final class BackgroundLog implements Replay.Observer {
        private static final int IGMP = 2;
        /** Where IGMPv3 membership reports go (RFC 3376). */
        private static final int IGMPV3_REPORTS = Ipv4.parse("224.0.0.22");
        final Map<CounterKey, long[]> total = new java.util.HashMap<>();
        /** (what, where) of each kind of background packet: {packets, bytes}. */
        private final Map<List<String>, long[]> kinds = new java.util.LinkedHashMap<>();
        private Map<CounterKey, long[]> before;

        @Override public void before(int i, TracedPacket tp, boolean background, Ruleset rules) {
            before = background ? Counters.of(rules) : null;
        }

        @Override public void after(int i, TracedPacket tp, boolean background, Ruleset rules) {
            if (!background) return;
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

    private static final java.util.regex.Pattern RANDOM = java.util.regex.Pattern.compile("br-[0-9a-f]{12}|veth[0-9a-f]{7}");

    /**
     * Names Docker picks at random (bridges {@code br-<12 hex>}, veths) in the measured rules,
     * mapped to the model's placeholders by order of first appearance (formats.md).
     */
    static Map<String, String> randomNames(java.util.Collection<CounterKey> real, java.util.Collection<CounterKey> model) {
        List<String> a = appearance(real), b = appearance(model);
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) map.put(a.get(i), b.get(i));
        return map;
    }

    private static List<String> appearance(java.util.Collection<CounterKey> keys) {
        List<String> names = new ArrayList<>();
        for (CounterKey k : keys) {
            java.util.regex.Matcher m = RANDOM.matcher(k.rule());
            while (m.find()) {
                if (!names.contains(m.group())) names.add(m.group());
            }
        }
        return names;
    }

    private static CounterKey rename(CounterKey k, Map<String, String> names) {
        if (names.isEmpty()) return k;
        java.util.regex.Matcher m = RANDOM.matcher(k.rule());
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, names.getOrDefault(m.group(), m.group()));
        m.appendTail(b);
        return new CounterKey(k.table(), k.chain(), k.number(), b.toString());
    }

    /** The comparison as a terminal table; unexplained rows are marked and counted at the end. */
    public String toText(boolean all) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-40s %13s %13s %21s  %s%n", "counter", "measured", "replayed", "predicted", "status"));
        int bad = 0;
        for (Row r : rows) {
            boolean zero = r.measured()[0] == 0 && (r.predicted() == null || r.predicted()[1] == 0);
            if (!all && zero && r.explained()) continue;
            CounterKey k = r.key();
            String where = k.table() + " " + k.chain() + (k.isPolicy() ? " policy" : " #" + k.number());
            String predicted = r.predicted() == null ? "-" : Prediction.span(r.predicted()[0], r.predicted()[1]) + " / "
                    + Prediction.span(r.predicted()[2], r.predicted()[3]);
            String replayed = r.replayed() == null ? "-" : r.replayed()[0] + "/" + r.replayed()[1];
            String status = r.explained() ? "ok" : "DIFFERS: " + r.why();
            if (r.background() != null) status += " (background " + r.background()[0] + "/" + r.background()[1] + " included)";
            b.append(String.format("%-40s %13s %13s %21s  %s%n", where, r.measured()[0] + "/" + r.measured()[1],
                    replayed, predicted, status));
            if (!r.explained()) bad++;
        }
        for (String line : background) b.append("background: ").append(line).append('\n');
        b.append(bad == 0 ? "every counter explained" + (prediction == null ? " (replay only: no scenario file)" : "")
                : bad + " counter(s) not explained");
        b.append('\n');
        return b.toString();
    }

    /** The comparison as an HTML table (for notebooks and reports), differing rows marked. */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<table class=\"nflab-compare\" style=\"border-collapse:collapse;font-family:monospace\">");
        b.append("<tr><th>counter</th><th>rule</th><th>measured</th><th>replayed</th><th>predicted</th><th></th></tr>");
        for (Row r : rows) {
            CounterKey k = r.key();
            String style = r.explained() ? "" : " style=\"background:#fdd\"";
            b.append("<tr").append(style).append("><td>").append(esc(k.table() + " " + k.chain()
                    + (k.isPolicy() ? " policy" : " #" + k.number()))).append("</td><td>")
                    .append(esc(k.isPolicy() ? k.rule() : k.rule())).append("</td><td>")
                    .append(r.measured()[0]).append(" / ").append(r.measured()[1]).append("</td><td>")
                    .append(r.replayed() == null ? "-" : r.replayed()[0] + " / " + r.replayed()[1]).append("</td><td>")
                    .append(r.predicted() == null ? "-" : Prediction.span(r.predicted()[0], r.predicted()[1]) + " / "
                            + Prediction.span(r.predicted()[2], r.predicted()[3]))
                    .append("</td><td>").append(r.explained() ? "&#10003;" : esc(r.why()))
                    .append(r.background() == null ? "" : " (background " + r.background()[0] + " / " + r.background()[1] + ")")
                    .append("</td></tr>");
        }
        for (String line : background) {
            b.append("<tr><td colspan=\"6\">background: ").append(esc(line)).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
