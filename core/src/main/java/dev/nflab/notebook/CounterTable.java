package dev.nflab.notebook;

import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Counter;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ruleset's counters as a table: one row per rule and per built-in chain's policy, with packets
 * and bytes. Given the counters of an earlier moment ({@link #snapshot}), the cells whose value
 * changed since are marked (a coloured background and the delta) and new rules are flagged, so a
 * learner sees at a glance what one packet, or one request, did.
 *
 * <pre>{@code
 * CounterTable.Counts before = CounterTable.snapshot(docker.ruleset());
 * sim.http(Endpoint.PEER, host, 80, 77);
 * CounterTable t = CounterTable.of(docker.ruleset()).since(before);
 * t.show();                                       // the HTML table, changed cells marked
 * t.delta("nat", "DOCKER", 2).packets()           // 1: only the SYN went through nat
 * t.policyDelta("filter", "FORWARD").packets()    // 0
 * }</pre>
 *
 * <p>A rule is the same rule before and after when its table, chain and text are (the n-th of
 * identical rules in a chain stays the n-th), so rules inserted in between do not shift the
 * comparison. {@link #compare} sets two rulesets side by side instead: predicted against measured.
 */
public final class CounterTable {
    private static final List<TableName> ORDER = List.of(TableName.RAW, TableName.MANGLE, TableName.NAT,
            TableName.FILTER, TableName.SECURITY);
    static final String CHANGED_BG = "#ffe08a";
    static final String NEW_BG = "#d7f5dd";
    static final String SAME_BG = "#e6f4ea";
    static final String DIFF_BG = "#fbd3d0";

    /** A packet and byte count. */
    public record Count(long packets, long bytes) {
        public static final Count ZERO = new Count(0, 0);

        public Count minus(Count other) {
            return other == null ? this : new Count(packets - other.packets, bytes - other.bytes);
        }

        public boolean isZero() {
            return packets == 0 && bytes == 0;
        }

        @Override public String toString() {
            return packets + " packets, " + bytes + " bytes";
        }
    }

    /** Where a counter is: rule {@code number} (1-based, as --line-numbers) of a chain, or its policy (0). */
    public record Place(String table, String chain, int number) {
        public boolean isPolicy() {
            return number == 0;
        }

        @Override public String toString() {
            return table + " " + chain + (number == 0 ? " policy" : " rule " + number);
        }
    }

    /** The counters of a whole ruleset at one moment. */
    public static final class Counts {
        private final Map<String, Count> byKey;

        private Counts(Map<String, Count> byKey) {
            this.byKey = byKey;
        }

        /** A counter by its key (see {@link CounterTable}), or null when that rule did not exist. */
        Count get(String key) {
            return byKey.get(key);
        }

        public int size() {
            return byKey.size();
        }
    }

    /** One row: a rule or a policy, its counter now and (when known) before. */
    public record Row(Place place, String target, String text, Count count, Count before, boolean compared) {
        /** The change since the earlier counters (the whole count for a new rule; zero when nothing is compared). */
        public Count delta() {
            if (!compared) return Count.ZERO;
            return count.minus(before == null ? Count.ZERO : before);
        }

        /** A rule that did not exist at the earlier moment. */
        public boolean isNew() {
            return compared && before == null;
        }

        public boolean packetsChanged() {
            return compared && (before == null ? count.packets != 0 : count.packets != before.packets);
        }

        public boolean bytesChanged() {
            return compared && (before == null ? count.bytes != 0 : count.bytes != before.bytes);
        }

        public boolean changed() {
            return packetsChanged() || bytesChanged();
        }
    }

    /** One counter as it was when the table was made. */
    private record Entry(Place place, String target, String text, String key, Count count) {}

    private final List<Entry> entries = new ArrayList<>();
    private Counts before;
    private Set<String> tables;
    private boolean changedChainsOnly;
    private String title;

    private CounterTable(Ruleset ruleset) {
        // A picture of this moment: later traffic does not change it.
        for (TableName tn : ORDER) {
            Table t = ruleset.existingTable(tn);
            if (t == null) continue;
            String table = tn.lowerName();
            for (Chain c : t.chains()) {
                if (c.isBuiltin()) {
                    entries.add(new Entry(new Place(table, c.name(), 0), String.valueOf(c.policy()), "(policy)",
                            policyKey(t, c), count(c.policyCounter())));
                }
                Map<String, Integer> seen = new HashMap<>();
                for (int i = 0; i < c.size(); i++) {
                    Rule r = c.rule(i);
                    entries.add(new Entry(new Place(table, c.name(), i + 1), r.target() == null ? "" : r.target().name(),
                            r.toSave(), ruleKey(t, c, r, seen), count(r.counter())));
                }
            }
        }
    }

    /** The table of {@code ruleset}'s counters as they are now (a fixed picture: later traffic does not change it). */
    public static CounterTable of(Ruleset ruleset) {
        return new CounterTable(ruleset);
    }

    /** The counters of {@code ruleset} now, to compare with later. */
    public static Counts snapshot(Ruleset ruleset) {
        Map<String, Count> m = new HashMap<>();
        for (Table t : ruleset.tables()) {
            for (Chain c : t.chains()) {
                if (c.isBuiltin()) m.put(policyKey(t, c), count(c.policyCounter()));
                Map<String, Integer> seen = new HashMap<>();
                for (int i = 0; i < c.size(); i++) m.put(ruleKey(t, c, c.rule(i), seen), count(c.rule(i).counter()));
            }
        }
        return new Counts(m);
    }

    /** Marks what changed since {@code earlier}. */
    public CounterTable since(Counts earlier) {
        this.before = earlier;
        return this;
    }

    /** Shows only these tables (by name: "nat", "filter", ...), in this order. */
    public CounterTable tables(String... names) {
        for (String n : names) {
            if (TableName.byName(n) == null) throw new IllegalArgumentException("no table `" + n + "'");
        }
        this.tables = new LinkedHashSet<>(List.of(names));
        return this;
    }

    /** Shows only the chains where a counter changed (every row of such a chain). */
    public CounterTable changedChainsOnly() {
        this.changedChainsOnly = true;
        return this;
    }

    /** A caption above the table. */
    public CounterTable title(String text) {
        this.title = text;
        return this;
    }

    // ---- the rows ------------------------------------------------------------------------------------

    /** The rows shown: tables in priority order raw, mangle, nat, filter, security (or as {@link #tables} says). */
    public List<Row> rows() {
        List<Row> all = allRows();
        List<String> order = tables == null ? ORDER.stream().map(TableName::lowerName).toList() : List.copyOf(tables);
        List<Row> rows = new ArrayList<>();
        for (String table : order) {
            List<Row> chain = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Row r = all.get(i);
                if (!r.place().table().equals(table)) continue;
                chain.add(r);
                boolean last = i + 1 == all.size() || !all.get(i + 1).place().chain().equals(r.place().chain())
                        || !all.get(i + 1).place().table().equals(table);
                if (last) {
                    if (!changedChainsOnly || chain.stream().anyMatch(Row::changed)) rows.addAll(chain);
                    chain = new ArrayList<>();
                }
            }
        }
        return rows;
    }

    private List<Row> allRows() {
        List<Row> rows = new ArrayList<>();
        for (Entry e : entries) {
            Count b = before == null ? null : before.get(e.key());
            rows.add(new Row(e.place(), e.target(), e.text(), e.count(), b, before != null));
        }
        return rows;
    }

    /** The row of rule {@code number} (1-based; 0 = the policy) of a chain. */
    public Row row(String table, String chain, int number) {
        for (Row r : allRows()) {
            if (r.place().equals(new Place(table, chain, number))) return r;
        }
        throw new IllegalArgumentException("no " + new Place(table, chain, number) + " in this ruleset");
    }

    /** The counter of rule {@code number} of a chain now. */
    public Count count(String table, String chain, int number) {
        return row(table, chain, number).count();
    }

    /** The change of rule {@code number}'s counter since the earlier moment. */
    public Count delta(String table, String chain, int number) {
        requireBefore();
        return row(table, chain, number).delta();
    }

    /** The change of a built-in chain's policy counter since the earlier moment. */
    public Count policyDelta(String table, String chain) {
        return delta(table, chain, 0);
    }

    /** Every place whose counter changed (packets or bytes), in table order. */
    public List<Place> changed() {
        requireBefore();
        List<Place> list = new ArrayList<>();
        for (Row r : allRows()) {
            if (r.changed()) list.add(r.place());
        }
        return list;
    }

    /** The changed places with their deltas, e.g. {@code nat DOCKER rule 2 -> 1 packets, 60 bytes}. */
    public Map<Place, Count> deltas() {
        requireBefore();
        Map<Place, Count> m = new LinkedHashMap<>();
        for (Row r : allRows()) {
            if (r.changed()) m.put(r.place(), r.delta());
        }
        return m;
    }

    private void requireBefore() {
        if (before == null) throw new IllegalStateException("no earlier counters: call since(CounterTable.snapshot(...)) first");
    }

    // ---- rendering -----------------------------------------------------------------------------------

    /** The table as HTML (well-formed XHTML, inline styles only). */
    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"nflab-counters\">");
        if (title != null) h.append("<div style=\"font-weight:bold;margin:4px 0\">").append(Show.escape(title)).append("</div>");
        h.append("<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">");
        h.append("<thead><tr>");
        for (String c : List.of("table", "chain", "num", "pkts", "bytes", "target", "rule")) {
            h.append("<th style=\"").append(TH).append("\">").append(c).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        String lastChain = null;
        for (Row r : rows()) {
            String chainId = r.place().table() + " " + r.place().chain();
            boolean first = !chainId.equals(lastChain);
            lastChain = chainId;
            String border = first ? "border-top:2px solid #999;" : "";
            h.append("<tr data-place=\"").append(Show.escape(r.place().toString())).append("\"")
                    .append(r.isNew() ? " class=\"new\"" : "").append(">");
            cell(h, border, first ? r.place().table() : "", null);
            cell(h, border, first ? r.place().chain() : "", null);
            cell(h, border + (r.isNew() ? "background:" + NEW_BG + ";" : ""),
                    r.place().isPolicy() ? "policy" : (r.isNew() ? "new " : "") + r.place().number(), null);
            counterCell(h, border, "pkts", r.count().packets(), r.packetsChanged(), r.delta().packets());
            counterCell(h, border, "bytes", r.count().bytes(), r.bytesChanged(), r.delta().bytes());
            cell(h, border, r.target(), null);
            cell(h, border + "color:#444;", r.text(), null);
            h.append("</tr>");
        }
        h.append("</tbody></table>");
        if (before != null) {
            h.append("<div style=\"font-size:11px;color:#555;margin-top:3px\"><span style=\"background:")
                    .append(CHANGED_BG).append("\">&#160;changed&#160;</span> counter moved (delta in brackets)");
            h.append(" &#160;<span style=\"background:").append(NEW_BG).append("\">&#160;new&#160;</span> rule added since</div>");
        }
        h.append("</div>");
        return h.toString();
    }

    private static final String TH = "border-bottom:1px solid #333;padding:2px 6px;text-align:left";
    private static final String TD = "padding:1px 6px;vertical-align:top;text-align:left;";

    private static void cell(StringBuilder h, String style, String text, String cls) {
        h.append("<td");
        if (cls != null) h.append(" class=\"").append(cls).append("\"");
        h.append(" style=\"").append(TD).append(style).append("\">").append(Show.escape(text)).append("</td>");
    }

    private static void counterCell(StringBuilder h, String style, String kind, long value, boolean changed, long delta) {
        h.append("<td class=\"").append(kind).append(changed ? " changed" : "").append("\" style=\"").append(TD)
                .append(style).append("text-align:right;white-space:nowrap;").append(changed ? "background:" + CHANGED_BG + ";font-weight:bold;" : "")
                .append("\">").append(value);
        if (changed) h.append(" <small>(").append(delta >= 0 ? "+" : "").append(delta).append(")</small>");
        h.append("</td>");
    }

    /** The table as aligned text; a changed counter carries its delta. */
    public String text() {
        List<List<String>> rows = new ArrayList<>();
        for (Row r : rows()) {
            rows.add(List.of(r.place().table(), r.place().chain(),
                    r.place().isPolicy() ? "policy" : (r.isNew() ? "new " : "") + r.place().number(),
                    r.count().packets() + (r.packetsChanged() ? " (" + signed(r.delta().packets()) + ")" : ""),
                    r.count().bytes() + (r.bytesChanged() ? " (" + signed(r.delta().bytes()) + ")" : ""),
                    r.target(), r.text()));
        }
        String t = Show.plainTable(List.of("table", "chain", "num", "pkts", "bytes", "target", "rule"), rows);
        return title == null ? t : title + "\n" + t;
    }

    /** Shows the table in the notebook (HTML, with the text as fallback). */
    public void show() {
        Show.html(html(), text());
    }

    private static String signed(long v) {
        return (v >= 0 ? "+" : "") + v;
    }

    // ---- predicted against measured ---------------------------------------------------------------------

    /** One counter on both sides: null where that side has no such rule. */
    public record Line(Place place, String text, String otherText, Count predicted, Count measured) {
        public boolean same() {
            return predicted != null && measured != null && predicted.equals(measured)
                    && java.util.Objects.equals(text, otherText);
        }
    }

    /** Two rulesets side by side, rule by rule (by table, chain and rule number). */
    public static final class Comparison {
        private final List<Line> lines;
        private final String leftName;
        private final String rightName;
        private String title;

        private Comparison(List<Line> lines, String leftName, String rightName) {
            this.lines = lines;
            this.leftName = leftName;
            this.rightName = rightName;
        }

        public List<Line> lines() {
            return Collections.unmodifiableList(lines);
        }

        /** The lines that differ (a counter, or a rule present on one side only or with another text). */
        public List<Line> mismatches() {
            return lines.stream().filter(l -> !l.same()).toList();
        }

        public Comparison title(String text) {
            this.title = text;
            return this;
        }

        public String html() {
            StringBuilder h = new StringBuilder("<div class=\"nflab-compare\">");
            if (title != null) {
                h.append("<div style=\"font-weight:bold;margin:4px 0\">").append(Show.escape(title)).append("</div>");
            }
            h.append("<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\"><thead><tr>");
            for (String c : List.of("table", "chain", "num", leftName + " pkts", leftName + " bytes", rightName + " pkts",
                    rightName + " bytes", "", "rule")) {
                h.append("<th style=\"").append(TH).append("\">").append(Show.escape(c)).append("</th>");
            }
            h.append("</tr></thead><tbody>");
            String last = null;
            for (Line l : lines) {
                String chainId = l.place().table() + " " + l.place().chain();
                boolean first = !chainId.equals(last);
                last = chainId;
                String border = first ? "border-top:2px solid #999;" : "";
                boolean same = l.same();
                String bg = "background:" + (same ? SAME_BG : DIFF_BG) + ";";
                h.append("<tr data-place=\"").append(Show.escape(l.place().toString())).append("\" class=\"")
                        .append(same ? "same" : "differs").append("\">");
                cell(h, border, first ? l.place().table() : "", null);
                cell(h, border, first ? l.place().chain() : "", null);
                cell(h, border, l.place().isPolicy() ? "policy" : String.valueOf(l.place().number()), null);
                cell(h, border + "text-align:right;" + bg, l.predicted() == null ? "-" : String.valueOf(l.predicted().packets()), null);
                cell(h, border + "text-align:right;" + bg, l.predicted() == null ? "-" : String.valueOf(l.predicted().bytes()), null);
                cell(h, border + "text-align:right;" + bg, l.measured() == null ? "-" : String.valueOf(l.measured().packets()), null);
                cell(h, border + "text-align:right;" + bg, l.measured() == null ? "-" : String.valueOf(l.measured().bytes()), null);
                cell(h, border + bg, same ? "\u2713" : "\u2717", null);
                String text = l.text() != null ? l.text() : l.otherText();
                if (l.text() != null && l.otherText() != null && !l.text().equals(l.otherText())) {
                    text = l.text() + "  /  " + l.otherText();
                }
                cell(h, border + "color:#444;", text == null ? "" : text, null);
                h.append("</tr>");
            }
            int bad = mismatches().size();
            h.append("</tbody></table><div style=\"font-size:12px;margin-top:3px\">").append(lines.size())
                    .append(" counters compared: ").append(lines.size() - bad).append(" equal, ").append(bad)
                    .append(" different</div></div>");
            return h.toString();
        }

        public String text() {
            List<List<String>> rows = new ArrayList<>();
            for (Line l : lines) {
                rows.add(List.of(l.place().table(), l.place().chain(),
                        l.place().isPolicy() ? "policy" : String.valueOf(l.place().number()),
                        l.predicted() == null ? "-" : l.predicted().packets() + "/" + l.predicted().bytes(),
                        l.measured() == null ? "-" : l.measured().packets() + "/" + l.measured().bytes(),
                        l.same() ? "ok" : "DIFFERS", l.text() != null ? l.text() : String.valueOf(l.otherText())));
            }
            String t = Show.plainTable(List.of("table", "chain", "num", leftName, rightName, "", "rule"), rows);
            return title == null ? t : title + "\n" + t;
        }

        public void show() {
            Show.html(html(), text());
        }
    }

    /** {@code predicted} and {@code measured} side by side, every rule and policy of every table either has. */
    public static Comparison compare(Ruleset predicted, Ruleset measured) {
        return compare(predicted, measured, "predicted", "measured");
    }

    /** As {@link #compare(Ruleset, Ruleset)}, with the two columns' names. */
    public static Comparison compare(Ruleset left, Ruleset right, String leftName, String rightName) {
        Map<Place, String[]> texts = new LinkedHashMap<>();
        Map<Place, Count[]> counts = new LinkedHashMap<>();
        for (TableName tn : ORDER) {
            Table a = left.existingTable(tn);
            Table b = right.existingTable(tn);
            if (a == null && b == null) continue;
            List<String> chains = new ArrayList<>();
            if (a != null) a.chains().forEach(c -> chains.add(c.name()));
            if (b != null) b.chains().forEach(c -> { if (!chains.contains(c.name())) chains.add(c.name()); });
            for (String chain : chains) {
                collect(a, chain, 0, tn, texts, counts);
                collect(b, chain, 1, tn, texts, counts);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<Place, Count[]> e : counts.entrySet()) {
            String[] t = texts.get(e.getKey());
            lines.add(new Line(e.getKey(), t[0], t[1], e.getValue()[0], e.getValue()[1]));
        }
        return new Comparison(lines, leftName, rightName);
    }

    private static void collect(Table t, String chainName, int side, TableName tn, Map<Place, String[]> texts,
                                Map<Place, Count[]> counts) {
        if (t == null) return;
        Chain c = t.chain(chainName);
        if (c == null) return;
        String table = tn.lowerName();
        if (c.isBuiltin()) {
            Place p = new Place(table, chainName, 0);
            texts.computeIfAbsent(p, k -> new String[2])[side] = "(policy " + c.policy() + ")";
            counts.computeIfAbsent(p, k -> new Count[2])[side] = count(c.policyCounter());
        }
        for (int i = 0; i < c.size(); i++) {
            Place p = new Place(table, chainName, i + 1);
            texts.computeIfAbsent(p, k -> new String[2])[side] = c.rule(i).toSave();
            counts.computeIfAbsent(p, k -> new Count[2])[side] = count(c.rule(i).counter());
        }
    }

    // ---- keys --------------------------------------------------------------------------------------------

    private static Count count(Counter c) {
        return new Count(c.packets(), c.bytes());
    }

    private static String policyKey(Table t, Chain c) {
        return t.name().lowerName() + "\u0000" + c.name() + "\u0000(policy)";
    }

    private static String ruleKey(Table t, Chain c, Rule r, Map<String, Integer> seen) {
        String text = r.toSave();
        int n = seen.merge(text, 1, Integer::sum);
        return t.name().lowerName() + "\u0000" + c.name() + "\u0000" + text + "\u0000" + n;
    }
}
