package dev.nflab.scenario;

import dev.nflab.docker.HostLayout;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Backend;
import dev.nflab.snapshot.Replay;
import dev.nflab.snapshot.Snapshot;
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
    private final List<String> orders = new ArrayList<>();
    private String besideLabel;
    private Path besideDir;
    private Map<CounterKey, long[]> beside;

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
    /**
     * For each container whose port rules real Docker may write in another order: that its rules
     * were matched by content, and whether the measurement had them in the model's order.
     */
    public List<String> orders() { return orders; }
    public Prediction prediction() { return prediction; }
    public Path snapshot() { return snapshot; }

    /**
     * Sets beside the measurement another recording of the same scenario (the local lab's beside the
     * VM's, or the other way round): its measured counters become a column, matched rule by rule
     * (Docker's random bridge names mapped by order of appearance).
     */
    public Comparison beside(String label, Path other) throws IptablesException {
        Snapshot o = Snapshot.open(other);
        var measured = o.afterRuleset();   // with the sets its -m set rules name (ipsets.save)
        if (measured == null) throw new IptablesException(other + "/after.rules: missing (nothing measured to set beside)", 2);
        Map<CounterKey, long[]> counted = Counters.of(measured);
        List<CounterKey> mine = rows.stream().map(Row::key).toList();
        Map<String, String> names = randomNames(counted.keySet(), mine);
        Map<CounterKey, long[]> renamed = new java.util.LinkedHashMap<>();
        counted.forEach((k, v) -> renamed.put(rename(k, names), v));
        this.besideLabel = label;
        this.besideDir = other;
        this.beside = renamed;
        return this;
    }

    /** The other recording's measured counter for a row's counter (null if none or no other recording). */
    public long[] besideCount(CounterKey key) {
        return beside == null ? null : beside.get(key);
    }

    /**
     * One line about the recording set beside: how many of its counters equal this one's, and how
     * many fall within the prediction; null when none is set.
     */
    public String besideSummary() {
        if (beside == null) return null;
        int equal = 0, differ = 0, outside = 0;
        for (Row r : rows) {
            long[] o = beside.get(r.key());
            if (o == null) { differ++; outside++; continue; }
            if (o[0] == r.measured()[0] && o[1] == r.measured()[1]) equal++;
            else differ++;
            long[] p = r.predicted();
            if (p != null && r.background() != null) {
                p = new long[] {p[0] - r.background()[0], p[1] - r.background()[0], p[2] - r.background()[1], p[3] - r.background()[1]};
            }
            if (p != null && (o[0] < p[0] || o[0] > p[1] || o[1] < p[2] || o[1] > p[3])) outside++;
        }
        return "beside: " + besideLabel + " (" + besideDir + "): " + equal + " of " + rows.size() + " counters equal, "
                + differ + " differ" + (prediction == null ? "" : outside == 0 ? "; every one within the prediction"
                : "; " + outside + " outside the prediction");
    }

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
        ByContent byContent = prediction == null ? null : new ByContent(prediction);
        for (Map.Entry<CounterKey, long[]> e : measured.entrySet()) {
            long[] m = e.getValue();
            long[] r = replayed.get(e.getKey());
            CounterKey modelKey = prediction == null ? null : rename(e.getKey(), names);
            if (byContent != null) modelKey = byContent.match(modelKey);
            long[] p = prediction == null ? null : prediction.ranges().get(modelKey);
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
        if (byContent != null) c.orders.addAll(byContent.lines());
        return c;
    }

    /**
     * The rules of a container whose bindings real Docker may program in another order are matched
     * by content: a measured rule takes the prediction of the model's rule with the same table,
     * chain and text (the n-th of identical ones the n-th), whatever its number. Every other rule
     * is matched by its number as well.
     */
    private static final class ByContent {
        private final Map<List<String>, List<CounterKey>> predicted = new java.util.HashMap<>();
        private final Map<List<String>, Integer> seen = new java.util.HashMap<>();
        private final Map<List<String>, String> owner = new java.util.HashMap<>();
        private final Map<String, boolean[]> moved = new java.util.LinkedHashMap<>();

        ByContent(Prediction prediction) {
            for (var o : prediction.openOrders()) {
                moved.put(o.container(), new boolean[1]);
                for (var ref : o.movable()) owner.put(List.of(ref.table(), ref.chain(), ref.rule()), o.container());
            }
            for (CounterKey k : prediction.ranges().keySet()) {
                List<String> content = List.of(k.table(), k.chain(), k.rule());
                if (!k.isPolicy() && owner.containsKey(content)) predicted.computeIfAbsent(content, x -> new ArrayList<>()).add(k);
            }
        }

        CounterKey match(CounterKey measured) {
            if (measured.isPolicy()) return measured;
            List<String> content = List.of(measured.table(), measured.chain(), measured.rule());
            List<CounterKey> same = predicted.get(content);
            if (same == null) return measured;
            int n = seen.merge(content, 1, Integer::sum) - 1;
            if (n >= same.size()) return measured;
            CounterKey k = same.get(n);
            if (k.number() != measured.number()) moved.get(owner.get(content))[0] = true;
            return k;
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            moved.forEach((container, m) -> lines.add("container " + container + "'s port rules matched by content (real"
                    + " Docker may write them in another order): measured " + (m[0] ? "in another order than" : "in the same"
                    + " order as") + " the model's"));
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

    static CounterKey rename(CounterKey k, Map<String, String> names) {
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
        if (beside != null) {
            b.append(String.format("%-40s %13s %13s %13s %21s  %s%n", "counter", "measured", "replayed",
                    besideLabel.length() > 13 ? besideLabel.substring(0, 13) : besideLabel, "predicted", "status"));
        } else {
            b.append(String.format("%-40s %13s %13s %21s  %s%n", "counter", "measured", "replayed", "predicted", "status"));
        }
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
            if (beside != null) {
                long[] o = beside.get(k);
                b.append(String.format("%-40s %13s %13s %13s %21s  %s%n", where, r.measured()[0] + "/" + r.measured()[1],
                        replayed, o == null ? "-" : o[0] + "/" + o[1], predicted, status));
            } else {
                b.append(String.format("%-40s %13s %13s %21s  %s%n", where, r.measured()[0] + "/" + r.measured()[1],
                        replayed, predicted, status));
            }
            if (!r.explained()) bad++;
        }
        for (String line : background) b.append("background: ").append(line).append('\n');
        for (String line : orders) b.append("order: ").append(line).append('\n');
        if (beside != null) b.append(besideSummary()).append('\n');
        b.append(bad == 0 ? "every counter explained" + (prediction == null ? " (replay only: no scenario file)" : "")
                : bad + " counter(s) not explained");
        b.append('\n');
        return b.toString();
    }

    /** The comparison as an HTML table (for notebooks and reports), differing rows marked. */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<table class=\"nflab-compare\" style=\"border-collapse:collapse;font-family:monospace\">");
        b.append("<tr><th>counter</th><th>rule</th><th>measured</th><th>replayed</th>")
                .append(beside == null ? "" : "<th>" + esc(besideLabel) + "</th>").append("<th>predicted</th><th></th></tr>");
        for (Row r : rows) {
            CounterKey k = r.key();
            String style = r.explained() ? "" : " style=\"background:#fdd\"";
            b.append("<tr").append(style).append("><td>").append(esc(k.table() + " " + k.chain()
                    + (k.isPolicy() ? " policy" : " #" + k.number()))).append("</td><td>")
                    .append(esc(k.isPolicy() ? k.rule() : k.rule())).append("</td><td>")
                    .append(r.measured()[0]).append(" / ").append(r.measured()[1]).append("</td><td>")
                    .append(r.replayed() == null ? "-" : r.replayed()[0] + " / " + r.replayed()[1]).append("</td><td>")
                    .append(beside == null ? "" : (beside.get(k) == null ? "-" : beside.get(k)[0] + " / " + beside.get(k)[1]) + "</td><td>")
                    .append(r.predicted() == null ? "-" : Prediction.span(r.predicted()[0], r.predicted()[1]) + " / "
                            + Prediction.span(r.predicted()[2], r.predicted()[3]))
                    .append("</td><td>").append(r.explained() ? "&#10003;" : esc(r.why()))
                    .append(r.background() == null ? "" : " (background " + r.background()[0] + " / " + r.background()[1] + ")")
                    .append("</td></tr>");
        }
        for (String line : background) {
            b.append("<tr><td colspan=\"").append(beside == null ? 6 : 7).append("\">background: ").append(esc(line)).append("</td></tr>");
        }
        for (String line : orders) {
            b.append("<tr><td colspan=\"").append(beside == null ? 6 : 7).append("\">order: ").append(esc(line)).append("</td></tr>");
        }
        if (beside != null) b.append("<tr><td colspan=\"7\">").append(esc(besideSummary())).append("</td></tr>");
        return b.append("</table>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
