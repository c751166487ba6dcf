package dev.nflab.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A learner's prediction, written in a notebook's prediction cell before an experiment, in the words
 * of the listing:
 *
 * <pre>{@code
 * import static dev.nflab.notebook.Prediction.*;
 *
 * predict("nat PREROUTING 1", 1);       // rule 1 of nat PREROUTING counts 1 packet
 * predict("filter FORWARD policy", 0);  // a chain's policy
 * predict("""
 *     filter FORWARD 1    12
 *     filter FORWARD 3     6
 *     """);                               // a small table: one counter per line, then its packets
 * path("PREROUTING", "FORWARD", "POSTROUTING");  // the hooks the first packet goes through
 * fate("answered");                      // how the experiment ends, in a word or two
 * }</pre>
 *
 * The calls fill the <em>open</em> prediction; the reveal that follows the experiment takes it
 * ({@link #take()}) and sets it beside the model's counters and the real ones ({@link Reveal}). A
 * prediction cell left empty (comments only) is a prediction with nothing in it: the reveal then
 * shows the model and the real counters and asks for a guess next time. Counters the learner did not
 * name are predicted to stay at 0, once anything is predicted.
 */
public final class Prediction {
    private static Prediction open = new Prediction();

    private final Map<CounterTable.Place, Long> counts = new LinkedHashMap<>();
    private final List<String> path = new ArrayList<>();
    private String fate;

    private Prediction() {}

    /** Predicts the packets one counter moves by: {@code "nat DOCKER 2"}, {@code "filter FORWARD policy"}. */
    public static void predict(String counter, long packets) {
        open.counts.put(place(counter), packets);
    }

    /** A small table: each non-blank line is a counter's name followed by its packets ({@code nat DOCKER 2   1}). */
    public static void predict(String table) {
        for (String line : table.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("//")) continue;
            int sp = l.lastIndexOf(' ');
            if (sp < 0) throw new IllegalArgumentException("`" + l + "': a counter's name, then its packets");
            predict(l.substring(0, sp).strip(), Long.parseLong(l.substring(sp + 1)));
        }
    }

    /** The hooks the first packet goes through, in order ({@code "PREROUTING", "INPUT"}). */
    public static void path(String... hooks) {
        open.path.clear();
        for (String h : hooks) open.path.add(h.strip().toUpperCase(Locale.ROOT));
    }

    /** How the experiment ends: answered, dropped, refused, delivered, sent out eth0 ... */
    public static void fate(String words) {
        open.fate = words.strip();
    }

    /** Takes the open prediction (what the prediction cell wrote) and opens an empty one. */
    public static Prediction take() {
        Prediction p = open;
        open = new Prediction();
        return p;
    }

    /** An empty prediction (what an empty prediction cell gives). */
    public static Prediction none() {
        return new Prediction();
    }

    /**
     * "nat DOCKER 2" → nat, DOCKER, 2; "filter FORWARD policy" → number 0; the table defaults to filter
     * when the first word is a chain ("FORWARD 3").
     */
    public static CounterTable.Place place(String counter) {
        String[] w = counter.strip().split("\\s+");
        List<String> words = new ArrayList<>(List.of(w));
        String table = "filter";
        if (!words.isEmpty() && List.of("raw", "mangle", "nat", "filter", "security").contains(words.get(0).toLowerCase(Locale.ROOT))) {
            table = words.remove(0).toLowerCase(Locale.ROOT);
        }
        if (words.size() != 2) {
            throw new IllegalArgumentException("`" + counter + "': write TABLE CHAIN NUMBER (nat DOCKER 2) or TABLE CHAIN policy");
        }
        String n = words.get(1);
        int number = n.equalsIgnoreCase("policy") ? 0 : Integer.parseInt(n);
        return new CounterTable.Place(table, words.get(0), number);
    }

    public boolean isEmpty() {
        return counts.isEmpty() && path.isEmpty() && fate == null;
    }

    /** The predicted packets per counter, as written. */
    public Map<CounterTable.Place, Long> counts() {
        return java.util.Collections.unmodifiableMap(counts);
    }

    /** The predicted packets of a counter: as written, 0 when unnamed (once anything was predicted), else null. */
    public Long packets(CounterTable.Place p) {
        if (counts.containsKey(p)) return counts.get(p);
        return counts.isEmpty() ? null : 0L;
    }

    public List<String> path() {
        return List.copyOf(path);
    }

    public String fate() {
        return fate;
    }
}
