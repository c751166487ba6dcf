package dev.nflab.notebook;

import dev.nflab.netfilter.Ruleset;
import dev.nflab.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reveal after an experiment: the learner's {@link Prediction}, the model's counters and the real
 * ones side by side (from recordings: {@code data/real-docker-20.10/replay/NAME},
 * {@code lab/recorded/{nft,legacy}/NAME}, the learner's own {@code lab/recorded-vm/legacy/NAME} when
 * present), each difference explained in words: which rule, which kernel behaviour.
 *
 * <pre>{@code
 * Reveal.of("a LAN client fetches the page", Prediction.take())
 *     .model(CounterTable.of(d.ruleset()).since(before))
 *     .real("s1, nf_tables", Kit.capture("s1-seed-external-client"))
 *     .show();
 * }</pre>
 *
 * Rows: every nat and filter counter that the learner named or that moved in the model or in a
 * recording. When the runner injects the reference answers ({@code NFLAB_REFERENCE_ANSWERS} set),
 * a prediction that differs from the model fails the cell: the reference answers are checked
 * against the model.
 */
public final class Reveal {
    /** One column of real counters: a recording's label, where it was, its deltas and rule texts. */
    public record Real(String label, Path dir, Map<CounterTable.Place, CounterTable.Count> deltas) {}

    private final String what;
    private final Prediction mine;
    private final Map<CounterTable.Place, CounterTable.Count> model = new LinkedHashMap<>();
    private final Map<CounterTable.Place, String> texts = new LinkedHashMap<>();
    private final List<Real> reals = new ArrayList<>();
    private final List<String> absent = new ArrayList<>();
    private List<String> modelPath;
    private String modelFate;
    private Set<String> tables = new LinkedHashSet<>(List.of("nat", "filter"));
    private Set<CounterTable.Place> only;

    private Reveal(String what, Prediction mine) {
        this.what = what;
        this.mine = mine == null ? Prediction.none() : mine;
    }

    public static Reveal of(String what, Prediction mine) {
        return new Reveal(what, mine);
    }

    /** Only these tables' counters (default nat and filter). */
    public Reveal tables(String... names) {
        this.tables = new LinkedHashSet<>(List.of(names));
        return this;
    }

    /**
     * Only these counters ({@code "filter FORWARD 4"}, {@code "nat OUTPUT policy"}), in this order: the
     * experiment's question names them (for a lab scenario, counters the model is certain of, see
     * {@link Experiments.LabRun#certainOf}). The learner's prediction is compared on them alone.
     */
    public Reveal only(String... counters) {
        this.only = new LinkedHashSet<>();
        for (String c : counters) only.add(Prediction.place(c));
        return this;
    }

    /** A lab scenario as the model played it: its counters, its first packet's hooks, what each action did. */
    public Reveal model(Experiments.LabRun run) {
        return model(run.moved()).modelPath(run.firstPath()).modelFate(run.how());
    }

    /** The model's counters: a {@link CounterTable} with {@code since(...)} set. */
    public Reveal model(CounterTable moved) {
        for (CounterTable.Row r : moved.rows()) {
            texts.putIfAbsent(r.place(), r.text());
            if (r.changed()) model.put(r.place(), r.delta());
        }
        return this;
    }

    /** The hooks the model's first packet went through. */
    public Reveal modelPath(List<?> hooks) {
        this.modelPath = hooks.stream().map(h -> String.valueOf(h).toUpperCase(Locale.ROOT)).toList();
        return this;
    }

    /** How the model's experiment ended (e.g. {@code Simulator.Outcome.how()}). */
    public Reveal modelFate(String how) {
        this.modelFate = how;
        return this;
    }

    /**
     * A recording's counters (after.rules less before.rules), as a column; a recording missing from
     * this checkout is named under the table, not an error (the lab's and the VM's are optional).
     */
    public Reveal real(String label, Path recording) {
        if (recording == null || !Files.isRegularFile(recording.resolve("before.rules")) || !Files.isRegularFile(recording.resolve("after.rules"))) {
            absent.add(label + (recording == null ? "" : " (" + Kit.root().relativize(recording.toAbsolutePath()) + ")"));
            return this;
        }
        try {
            Snapshot s = Snapshot.open(recording);
            Ruleset before = s.beforeRules();
            Ruleset after = s.afterRuleset();
            CounterTable t = CounterTable.of(after).since(CounterTable.snapshot(before));
            Map<CounterTable.Place, CounterTable.Count> d = new LinkedHashMap<>();
            for (CounterTable.Row r : t.rows()) {
                texts.putIfAbsent(r.place(), r.text());
                if (r.changed()) d.put(r.place(), r.delta());
            }
            reals.add(new Real(label, recording, d));
        } catch (Exception e) {
            throw new IllegalStateException(label + ": cannot read the recording " + recording + ": " + e.getMessage(), e);
        }
        return this;
    }

    public Prediction prediction() {
        return mine;
    }

    public List<Real> reals() {
        return List.copyOf(reals);
    }

    /** The model's packets for a counter (0 when it did not move). */
    public long modelPackets(CounterTable.Place p) {
        CounterTable.Count c = model.get(p);
        return c == null ? 0 : c.packets();
    }

    private CounterTable.Count modelCount(CounterTable.Place p) {
        return model.getOrDefault(p, CounterTable.Count.ZERO);
    }

    /** The rows: counters named by the learner or moved in the model or a recording, in table order. */
    public List<CounterTable.Place> places() {
        if (only != null) return new ArrayList<>(only);
        Set<CounterTable.Place> s = new LinkedHashSet<>();
        for (CounterTable.Place p : texts.keySet()) {
            if (!tables.contains(p.table())) continue;
            boolean moved = model.containsKey(p) || mine.counts().containsKey(p) || reals.stream().anyMatch(r -> r.deltas().containsKey(p));
            if (moved) s.add(p);
        }
        for (CounterTable.Place p : mine.counts().keySet()) s.add(p); // a counter the learner named that does not exist
        return new ArrayList<>(s);
    }

    /** Whether the learner's prediction (counters, path, fate as given) agrees with the model. */
    public boolean predictionMatchesModel() {
        return learnerDifferences().isEmpty();
    }

    /** The learner's differences from the model, explained. */
    public List<String> learnerDifferences() {
        List<String> out = new ArrayList<>();
        if (mine.isEmpty()) return out;
        for (CounterTable.Place p : places()) {
            Long you = mine.packets(p);
            if (you == null) continue;
            long m = modelPackets(p);
            if (you != m) out.add(explainLearner(p, texts.get(p), you, m));
        }
        if (!mine.path().isEmpty() && modelPath != null && !mine.path().equals(modelPath)) {
            out.add("Path: you said " + String.join(" → ", mine.path()) + "; the model's first packet went " + String.join(" → ", modelPath)
                    + ". Ask where the routing decision sends it: to a local address (INPUT), or on to another interface (FORWARD);"
                    + " a local process's packet starts in OUTPUT; a packet to 127.0.0.1 loops back through lo and comes in again (PREROUTING, INPUT).");
        }
        if (mine.fate() != null && modelFate != null && !fateAgrees(mine.fate(), modelFate)) {
            out.add("Fate: you said \"" + mine.fate() + "\"; the model: " + modelFate + ".");
        }
        return out;
    }

    private static boolean fateAgrees(String yours, String model) {
        String y = yours.toLowerCase(Locale.ROOT), m = model.toLowerCase(Locale.ROOT);
        if (m.contains(y)) return true;
        boolean modelAnswered = m.startsWith("answered");
        boolean youAnswered = y.startsWith("answered") || y.equals("delivered") || y.equals("ok");
        boolean youBlocked = y.contains("drop") || y.contains("no answer") || y.contains("refused") || y.contains("blocked");
        return (modelAnswered && youAnswered) || (!modelAnswered && youBlocked && !youAnswered);
    }

    /** The differences between the model and each recording, explained by the kernel behaviour behind them. */
    public List<String> kernelDifferences() {
        // counters that differ by the same packets and bytes share one explanation
        List<String> out = new ArrayList<>();
        for (Real r : reals) {
            Map<CounterTable.Count, List<CounterTable.Place>> byDiff = new LinkedHashMap<>();
            Map<CounterTable.Count, String> first = new LinkedHashMap<>();
            for (CounterTable.Place p : places()) {
                CounterTable.Count real = r.deltas().getOrDefault(p, CounterTable.Count.ZERO);
                CounterTable.Count m = modelCount(p);
                if (real.equals(m)) continue;
                CounterTable.Count d = real.minus(m);
                byDiff.computeIfAbsent(d, k -> new ArrayList<>()).add(p);
                first.putIfAbsent(d, explainKernel(r.label(), p, texts.get(p), m, real));
            }
            for (Map.Entry<CounterTable.Count, List<CounterTable.Place>> e : byDiff.entrySet()) {
                String line = first.get(e.getKey());
                if (e.getValue().size() > 1) {
                    line += " The same difference at " + String.join(", ", e.getValue().subList(1, e.getValue().size()).stream().map(Reveal::name).toList())
                            + ": every counter that saw that packet.";
                }
                out.add(line);
            }
        }
        return out;
    }

    /** Whether the recording with this label has exactly the model's counters. */
    public boolean modelEqualsReal(String label) {
        Real r = reals.stream().filter(x -> x.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no recording " + label + " in this reveal"));
        for (CounterTable.Place p : places()) {
            if (!r.deltas().getOrDefault(p, CounterTable.Count.ZERO).equals(modelCount(p))) return false;
        }
        return true;
    }

    static String name(CounterTable.Place p) {
        return p.table() + " " + p.chain() + " " + (p.isPolicy() ? "policy" : String.valueOf(p.number()));
    }

    /** Why the model counts what it counts at this rule, said to a learner who expected {@code you}. */
    static String explainLearner(CounterTable.Place p, String text, long you, long model) {
        String head = name(p) + (text == null || p.isPolicy() ? "" : " (`" + text + "`)") + ": you said " + you + ", the model counted " + model + ". ";
        if (text == null) return head + "There is no such counter in this ruleset: check the chain's name and the rule's number in the listing.";
        if (p.isPolicy()) {
            return head + "A policy counts only the packets that reach the end of its chain with no rule deciding"
                    + (model == 0 ? ": here a rule (an ACCEPT, a DROP, a jump that decided) took every packet first." : ".");
        }
        if (p.table().equals("nat")) {
            if (text.matches("-s (\\S+)/32 -d \\1/32 .*-j MASQUERADE")) {
                return head + "Only a connection whose source is the container and whose destination, after the DNAT, is the same container"
                        + " reaches it: the container fetching its own published port through the host's address (without docker-proxy)."
                        + " Its source becomes the gateway's, so the container's answer goes back through the host and is un-NATed.";
            }
            if (text.matches("-i \\S+ -j RETURN")) {
                return head + "It returns a connection that came in on the bridge before the DNAT rules: with docker-proxy, a container"
                        + " reaching a published port through a host address is delivered to the host (INPUT) and the proxy relays it.";
            }
            if (you > model && model > 0) {
                return head + "nat sees only the first packet of a connection (conntrack state NEW, here the SYN): conntrack remembers the translation and applies it to every later packet without going through nat's rules.";
            }
            if (model == 0) {
                return head + "Its matches did not hold for any connection's first packet: read them against the SYN (its input interface, its destination's address type, its source).";
            }
            return head + "Each new connection's first packet goes through nat once: count the connections (a retransmitted SYN before any answer is still NEW and counts again).";
        }
        if (text.contains("RELATED,ESTABLISHED")) {
            return head + "It accepts packets of connections conntrack already knows, going out the interface after -o: every packet of that direction after the SYN (not the SYN, which is NEW).";
        }
        if (text.matches("-j ufw-[a-z-]+") && List.of("INPUT", "FORWARD", "OUTPUT").contains(p.chain())) {
            // ufw appends its jumps: on a Docker host, FORWARD's come after every rule Docker wrote
            return head + "ufw appended its jumps after the rules already in " + p.chain() + (p.chain().equals("FORWARD") ? " (Docker's)" : "")
                    + ": a packet reaches this one only when no rule above it decided. An ACCEPT or a DROP ends the packet's way through the"
                    + " chain, even in a chain jumped to (Docker's DOCKER accepts a published port's first packet, FORWARD's RELATED,ESTABLISHED"
                    + " rule the later ones).";
        }
        if (p.chain().startsWith("ufw-user-") && p.chain().length() > "ufw-user-".length()) {
            String hook = p.chain().equals("ufw-user-forward") ? "FORWARD" : p.chain().equals("ufw-user-output") ? "OUTPUT" : "INPUT";
            if (hook.equals("INPUT") || hook.equals("FORWARD")) {
                return head + "`" + p.chain() + "` is reached from filter " + hook + " only: ask whether the packet, after nat PREROUTING's DNAT,"
                        + " is for a local address (INPUT) or routed on (FORWARD), what its destination address and port are by then, and whether"
                        + " a rule before the jump decided first. A SYN that gets no answer is sent again and counts again.";
            }
        }
        if (text.matches("-j [A-Z-]+") || text.equals("-j RETURN")) {
            return head + "It is unconditional: every packet that reaches it counts, in both directions (a jump to DOCKER-USER or the isolation chain is passed by every forwarded packet).";
        }
        if (text.contains("-j DROP") || text.contains("-j REJECT")) {
            return head + (model > you
                    ? "A dropped SYN gets no answer, so the client's TCP sends it again (about a second later): each retransmission counts."
                    : "It drops only what matches `" + text + "`.");
        }
        if (text.contains("-o docker0 -j DOCKER") || (text.contains("-o ") && text.endsWith("-j DOCKER"))) {
            return head + "Only packets toward the bridge that FORWARD's ESTABLISHED rule did not accept first reach it: a connection's first packet.";
        }
        if (p.chain().equals("DOCKER") && text.contains("--dport")) {
            return head + "The published port's ACCEPT sees only the connection's first packet: the later ones were accepted by FORWARD's RELATED,ESTABLISHED rule before the jump to DOCKER.";
        }
        if (text.matches("-i (\\S+) -o \\1 -j ACCEPT")) {
            return head + "It accepts what a container sends to another container of the same bridge, but only what FORWARD's"
                    + " RELATED,ESTABLISHED rule (toward that bridge) did not take first: both directions leave by the bridge, so after"
                    + " each connection's first packet every packet, answers included, is ESTABLISHED and accepted there.";
        }
        if (text.contains("-i docker0 ! -o docker0") || (text.contains("-i ") && text.contains(" ! -o ") && text.endsWith("ACCEPT"))) {
            return head + "It accepts everything the containers send out of their bridge: every packet of that direction, answers included.";
        }
        return head + "Read its matches against each packet of the exchange, both directions.";
    }

    /** Why a recording's counter differs from the model's, in terms of what the real kernel and TCP did. */
    static String explainKernel(String label, CounterTable.Place p, String text, CounterTable.Count model, CounterTable.Count real) {
        CounterTable.Count d = real.minus(model);
        String head = label + ", " + name(p) + ": the model " + model + ", the real kernel " + real + ". ";
        long n = Math.abs(d.packets());
        String more = d.packets() > 0 ? "more" : "fewer";
        if (d.packets() != 0 && d.bytes() % d.packets() == 0) {
            long per = d.bytes() / d.packets();
            if (per == 52 || per == 40) {
                return head + n + " " + more + " bare ACK" + (n == 1 ? "" : "s") + " (" + per
                        + " bytes: 20 of IP, " + (per - 20) + " of TCP header" + (per == 52 ? " with timestamps" : "")
                        + "): when a TCP acknowledges on its own (a delayed ACK) varies between runs; the model sends one ACK per data segment it receives.";
            }
            if (per == 60) {
                return head + n + " " + more + " SYN" + (n == 1 ? "" : "s") + " (60 bytes with options): a retransmitted SYN, sent again by the client when no SYN/ACK came within about a second.";
            }
            return head + n + " packet" + (n == 1 ? "" : "s") + " of " + per + " bytes " + more + ": the real exchange had segments the model's does not (a different request, a split response, a window update).";
        }
        if (d.packets() == 0) {
            return head + "The same packets, " + Math.abs(d.bytes()) + " bytes " + (d.bytes() > 0 ? "more" : "fewer") + ": the real request or response had a different length.";
        }
        return head + "Different packets: the recording's exchange is not the model's (compare the two captures packet by packet).";
    }

    // ---- rendering ---------------------------------------------------------------------------------

    private String cell(String v, String bg, String title) {
        return "<td style=\"padding:2px 8px;text-align:right;background:" + bg + "\"" + (title == null ? "" : " title=\"" + Show.escape(title) + "\"")
                + ">" + Show.escape(v) + "</td>";
    }

    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<div style=\"font-family:sans-serif;font-size:13px\">");
        b.append("<div style=\"font-weight:bold;margin:4px 0\">").append(Show.escape(what)).append(": your prediction, the model, the real kernel</div>");
        b.append("<table style=\"border-collapse:collapse;font-size:12px\"><tr style=\"background:#e8eaed\">")
                .append("<th style=\"padding:2px 8px;text-align:left\">counter</th><th style=\"padding:2px 8px;text-align:left\">rule</th>")
                .append("<th style=\"padding:2px 8px\">you</th><th style=\"padding:2px 8px\">model</th>");
        for (Real r : reals) b.append("<th style=\"padding:2px 8px\">").append(Show.escape(r.label())).append("</th>");
        b.append("</tr>");
        for (CounterTable.Place p : places()) {
            b.append("<tr style=\"border-top:1px solid #dadce0\"><td style=\"padding:2px 8px;white-space:nowrap\">").append(Show.escape(name(p)))
                    .append("</td><td style=\"padding:2px 8px;font-family:monospace\">").append(Show.escape(p.isPolicy() ? "(policy)" : texts.getOrDefault(p, "?"))).append("</td>");
            Long you = mine.packets(p);
            long m = modelPackets(p);
            b.append(you == null ? cell("–", "#ffffff", "no prediction") : cell(String.valueOf(you), you == m ? "#e6f4ea" : "#fef7e0", null));
            CounterTable.Count mc = modelCount(p);
            b.append(cell(String.valueOf(mc.packets()), "#ffffff", mc.bytes() + " bytes"));
            for (Real r : reals) {
                CounterTable.Count rc = r.deltas().getOrDefault(p, CounterTable.Count.ZERO);
                b.append(cell(String.valueOf(rc.packets()), rc.equals(mc) ? "#e6f4ea" : "#fce8e6", rc.bytes() + " bytes"));
            }
            b.append("</tr>");
        }
        b.append("</table>");
        b.append("<div style=\"margin-top:6px\">");
        for (String line : summaryLines()) b.append("<div>").append(Show.escape(line)).append("</div>");
        b.append("</div>");
        List<String> why = new ArrayList<>(learnerDifferences());
        why.addAll(kernelDifferences());
        if (!why.isEmpty()) {
            b.append("<ul style=\"margin:4px 0\">");
            for (String w : why) b.append("<li>").append(Show.escape(w)).append("</li>");
            b.append("</ul>");
        }
        b.append("</div>");
        return b.toString();
    }

    private List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        if (mine.isEmpty()) {
            out.add("You made no prediction: write one in the cell above (predict(\"nat DOCKER 2\", 1); ...) before looking at the model's column, then run both cells again.");
        } else if (predictionMatchesModel()) {
            out.add("Your prediction agrees with the model on every counter" + (mine.path().isEmpty() ? "" : ", the path") + (mine.fate() == null ? "" : " and the fate") + ".");
        } else {
            out.add("Your prediction differs from the model at " + learnerDifferences().size() + " place(s), explained below.");
        }
        if (!mine.path().isEmpty() || modelPath != null) {
            out.add("Path of the first packet: you " + (mine.path().isEmpty() ? "–" : String.join(" → ", mine.path())) + "; model "
                    + (modelPath == null ? "–" : String.join(" → ", modelPath)) + ".");
        }
        if (mine.fate() != null || modelFate != null) {
            out.add("Fate: you " + (mine.fate() == null ? "–" : "\"" + mine.fate() + "\"") + "; model " + (modelFate == null ? "–" : modelFate) + ".");
        }
        for (Real r : reals) {
            out.add(r.label() + " (" + Kit.root().relativize(r.dir().toAbsolutePath()) + "): " + (modelEqualsReal(r.label()) ? "every counter as the model says" : "differs from the model, explained below") + ".");
        }
        for (String a : absent) out.add(a + ": not recorded in this checkout.");
        return out;
    }

    public String text() {
        StringBuilder b = new StringBuilder(what).append('\n');
        int w = Math.max(28, places().stream().mapToInt(p -> name(p).length()).max().orElse(0));
        b.append(String.format("%-" + w + "s %5s %6s", "counter", "you", "model"));
        for (Real r : reals) b.append("  ").append(r.label());
        b.append('\n');
        for (CounterTable.Place p : places()) {
            Long you = mine.packets(p);
            b.append(String.format("%-" + w + "s %5s %6d", name(p), you == null ? "-" : you, modelPackets(p)));
            for (Real r : reals) b.append("  ").append(r.deltas().getOrDefault(p, CounterTable.Count.ZERO).packets());
            b.append('\n');
        }
        for (String l : summaryLines()) b.append(l).append('\n');
        for (String l : learnerDifferences()) b.append("- ").append(l).append('\n');
        for (String l : kernelDifferences()) b.append("- ").append(l).append('\n');
        return b.toString();
    }

    /**
     * Publishes the reveal. With the runner's reference answers injected ({@code NFLAB_REFERENCE_ANSWERS}),
     * a prediction that differs from the model fails here.
     */
    public void show() {
        Show.html(html(), text());
        if (System.getenv("NFLAB_REFERENCE_ANSWERS") != null) {
            if (mine.isEmpty()) throw new AssertionError("reference answers run, but the prediction for \"" + what + "\" is empty");
            if (!predictionMatchesModel()) {
                throw new AssertionError("the reference answer for \"" + what + "\" differs from the model:\n  " + String.join("\n  ", learnerDifferences()));
            }
        }
    }
}
