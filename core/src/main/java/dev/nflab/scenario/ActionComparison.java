package dev.nflab.scenario;

import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.snapshot.Replay;
import dev.nflab.snapshot.Snapshot;
import dev.nflab.trace.TracedPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One traffic action of a scenario run on the lab, predicted against measured: the counters that
 * moved while it ran ({@code iptables-save -c} after it, less the one before it) beside what the
 * model predicts that action alone moves ({@link Prediction#perAction}: exact where certain, a range
 * where TCP timing varies), plus what the background packets that arrived meanwhile counted (the
 * kernel's trace of them, replayed: {@link Replay#isBackground}). {@code ./nflab watch} shows one
 * after each action.
 */
public final class ActionComparison {
    /**
     * One counter: its change during the action, the predicted change (background included, null
     * when the scenario's model has no such rule), the background's share (null if none).
     */
    public record Row(CounterKey key, long[] measured, long[] predicted, long[] background, boolean explained,
                      String why) {
        boolean certain() {
            return predicted != null && predicted[0] == predicted[1] && predicted[2] == predicted[3];
        }
    }

    private final int action;
    private final Prediction prediction;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> background = new ArrayList<>();

    private ActionComparison(int action, Prediction prediction) {
        this.action = action;
        this.prediction = prediction;
    }

    /** The action (1-based, in scenario order). */
    public int action() { return action; }
    public List<Row> rows() { return rows; }
    /** The background packets of the action, one line per kind (as {@code ./nflab compare} says them). */
    public List<String> background() { return background; }

    public boolean allExplained() {
        return rows.stream().allMatch(Row::explained);
    }

    /**
     * Compares action {@code action} (1-based) of {@code prediction}'s scenario with the counters
     * measured before and after it ({@code iptables-save -c} texts, in {@code dialect}), given the
     * background packets' counts during it ({@link Window}).
     */
    public static ActionComparison of(Prediction prediction, int action, Ruleset before, Ruleset after,
                                      Window window) {
        if (action < 1 || action > prediction.perAction().size()) {
            throw new IllegalArgumentException("no action " + action + " in " + prediction.scenario().name());
        }
        Map<CounterKey, long[]> was = Counters.of(before);
        Map<CounterKey, long[]> now = Counters.of(after);
        Map<CounterKey, long[]> predicted = prediction.perAction().get(action - 1);
        Map<String, String> names = Comparison.randomNames(now.keySet(), predicted.keySet());
        ActionComparison c = new ActionComparison(action, prediction);
        c.background.addAll(window.background);
        for (Map.Entry<CounterKey, long[]> e : now.entrySet()) {
            long[] b = was.getOrDefault(e.getKey(), new long[2]);
            long[] m = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            long[] p = predicted.get(Comparison.rename(e.getKey(), names));
            long[] bg = window.counted.get(e.getKey());
            if (p != null && bg != null) p = new long[] {p[0] + bg[0], p[1] + bg[0], p[2] + bg[1], p[3] + bg[1]};
            boolean moved = m[0] != 0 || m[1] != 0;
            String why = null;
            if (p == null && moved && bg == null) {
                why = "the scenario's model has no such rule";
            } else if (p == null && bg != null && (m[0] != bg[0] || m[1] != bg[1])) {
                why = "the scenario's model has no such rule";
            } else if (p != null && (m[0] < p[0] || m[0] > p[1] || m[1] < p[2] || m[1] > p[3])) {
                why = p[0] == p[1] && p[2] == p[3] ? "certain prediction missed" : "outside the predicted range";
            }
            if (p == null && bg != null) p = new long[] {bg[0], bg[0], bg[1], bg[1]};
            if (!moved && (p == null || p[1] == 0) && why == null) continue;
            c.rows.add(new Row(e.getKey(), m, p, bg, why == null, why));
        }
        return c;
    }

    /**
     * The background packets that arrived during one action and what they counted. The action's
     * packets are found in the kernel's trace of the run so far: the trace's packets up to the one
     * after which the replay's TRACE rules (raw PREROUTING and OUTPUT, appended by the recording
     * procedure, so they see every packet) have counted what the kernel's had counted before the
     * action, then up to the one after which they count what the kernel's counted after it.
     */
    public static final class Window {
        final Map<CounterKey, long[]> counted;
        final List<String> background;

        private Window(Map<CounterKey, long[]> counted, List<String> background) {
            this.counted = counted;
            this.background = background;
        }

        /** No background packet (for a run without a trace). */
        public static Window none() {
            return new Window(Map.of(), List.of());
        }

        /**
         * The window of the packets counted between {@code before} and {@code after} in a snapshot
         * whose trace is still being written; null while the trace does not yet show every packet
         * the counters of {@code after} counted (ask again a little later).
         */
        public static Window of(Snapshot snapshot, Ruleset before, Ruleset after) throws IptablesException {
            long from = traced(Counters.of(before)), to = traced(Counters.of(after));
            List<Long> counts = new ArrayList<>();
            Replay.run(snapshot, true, new Replay.Observer() {
                @Override public void before(int i, TracedPacket tp, boolean bg, Ruleset rules) {
                    if (i == 0) counts.add(traced(Counters.of(rules)));
                }

                @Override public void after(int i, TracedPacket tp, boolean bg, Ruleset rules) {
                    counts.add(traced(Counters.of(rules)));
                }
            });
            if (counts.isEmpty()) counts.add(traced(Counters.of(snapshot.beforeRules())));
            int start = last(counts, from), end = last(counts, to);
            if (start < 0 || end < 0) return null;
            BackgroundLog log = new BackgroundLog(start, end);
            Replay.run(snapshot, true, log);
            return new Window(log.total, log.lines());
        }

        /** The last index whose count is {@code n} (packets 0..index-1 replayed), or -1. */
        private static int last(List<Long> counts, long n) {
            for (int i = counts.size() - 1; i >= 0; i--) {
                if (counts.get(i) == n) return i;
            }
            return -1;
        }

        private static long traced(Map<CounterKey, long[]> counters) {
            long n = 0;
            for (Map.Entry<CounterKey, long[]> e : counters.entrySet()) {
                CounterKey k = e.getKey();
                if (k.table().equals("raw") && !k.isPolicy() && k.rule().equals("-j TRACE")
                        && (k.chain().equals("PREROUTING") || k.chain().equals("OUTPUT"))) {
                    n += e.getValue()[0];
                }
            }
            return n;
        }
    }

    private static final String RESET = "\u001b[0m", REVERSE = "\u001b[7m", RED = "\u001b[1;31m",
            GREEN = "\u001b[32m", YELLOW = "\u001b[33m", BOLD = "\u001b[1m";

    /**
     * The counters that moved (or were predicted to), measured beside predicted, then one line
     * saying whether the action is explained. With {@code ansi}, the measured changes are shown in
     * reverse video (as {@code watch -d} marks changes) and differences in red; without, plain text.
     */
    public String toText(boolean ansi) {
        StringBuilder b = new StringBuilder();
        Action a = prediction.scenario().actions().get(action - 1);
        int total = prediction.perAction().size();
        b.append(style(ansi, BOLD, "action " + action + "/" + total + " (" + prediction.scenario().name()
                + ".scenario:" + a.line() + "): " + a)).append('\n');
        if (action - 1 < prediction.outcomes().size()) {
            String how = prediction.outcomes().get(action - 1);
            int arrow = how.indexOf("  ->  ");
            b.append("  model: ").append(arrow < 0 ? how : how.substring(arrow + 6)).append('\n');
        }
        b.append(String.format("  %-36s %15s %23s  %s%n", "counter", "measured", "predicted", "status"));
        int certain = 0, ranged = 0, bad = 0;
        for (Row r : rows) {
            CounterKey k = r.key();
            String where = k.table() + " " + k.chain() + (k.isPolicy() ? " policy " + k.rule() : " #" + k.number());
            String m = r.measured()[0] + "/" + r.measured()[1];
            String p = r.predicted() == null ? "-" : Prediction.span(r.predicted()[0], r.predicted()[1]) + "/"
                    + Prediction.span(r.predicted()[2], r.predicted()[3]);
            String status = r.explained() ? (r.certain() ? "ok" : "ok (range)") : "DIFFERS: " + r.why();
            if (r.background() != null) status += " (background " + r.background()[0] + "/" + r.background()[1] + ")";
            boolean moved = r.measured()[0] != 0 || r.measured()[1] != 0;
            String mCell = String.format("%15s", m);
            if (moved) mCell = style(ansi, REVERSE, mCell);
            b.append(String.format("  %-36s ", where)).append(mCell).append(String.format(" %23s  ", p))
                    .append(style(ansi, r.explained() ? (r.background() != null ? YELLOW : GREEN) : RED, status));
            if (!k.isPolicy()) b.append("  ").append(k.rule());
            b.append('\n');
            if (!r.explained()) bad++;
            else if (r.certain()) certain++;
            else ranged++;
        }
        if (rows.isEmpty()) b.append("  (no counter moved, and none was predicted to)\n");
        for (String line : background) b.append("  background: ").append(line).append('\n');
        String verdict = bad == 0
                ? "action " + action + ": explained: " + certain + " counter(s) as predicted exactly, " + ranged
                        + " within the range TCP timing allows" + (background.isEmpty() ? "" : ", background included")
                : "action " + action + ": NOT explained: " + bad + " counter(s) moved as the prediction does not explain";
        b.append("  ").append(style(ansi, bad == 0 ? GREEN : RED, verdict)).append('\n');
        return b.toString();
    }

    private static String style(boolean ansi, String code, String s) {
        return ansi ? code + s + RESET : s;
    }
}
