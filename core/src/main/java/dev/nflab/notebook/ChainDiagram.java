package dev.nflab.notebook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chain as an SVG picture: its rules top to bottom in the order the kernel tries them, its policy
 * last, and beside each the packets it counted in one or more columns (the model's, each
 * recording's). A rule that counted is filled; a rule that jumps to one of ufw's chains
 * ({@code ufw-*}) has ufw's colour on its left edge, one that jumps to Docker's ({@code DOCKER*}) or
 * names a Docker bridge Docker's: where two tools append to one chain, the picture shows whose rules
 * a packet meets first.
 *
 * <pre>{@code
 * ChainDiagram.of(CounterTable.of(d.ruleset()).since(before), "filter", "FORWARD")
 *     .column("model", moved.deltas())
 *     .column("lab nft", reveal.reals().get(0).deltas())
 *     .title("filter FORWARD: Docker's rules, then ufw's").show();
 * }</pre>
 *
 * Plain SVG like {@link FlowDiagram}: no ids, no scripts, survives the HTML export.
 */
public final class ChainDiagram {
    /** Whose rule it is, read from where it jumps (see the class comment). */
    public enum Owner { DOCKER, UFW, OTHER }

    /** A row: the rule's place and text ({@code (policy)} for the policy) and whose it is. */
    public record Line(CounterTable.Place place, String text, Owner owner) {}

    private static final int ROW = 20;
    private static final int NUM_W = 34;
    private static final int TEXT_W = 560;
    private static final int COL_W = 78;
    private static final String DOCKER = "#1a73e8";
    private static final String UFW = "#e37400";
    private static final String OTHER = "#9aa0a6";
    private static final String COUNTED_FILL = "#fff0c2";

    private final String table;
    private final String chain;
    private final List<Line> lines = new ArrayList<>();
    private final Map<String, Map<CounterTable.Place, CounterTable.Count>> columns = new LinkedHashMap<>();
    private String title;

    private ChainDiagram(CounterTable counters, String table, String chain) {
        this.table = table;
        this.chain = chain;
        CounterTable.Row policy = null;
        for (CounterTable.Row r : counters.rows()) {
            if (!r.place().table().equals(table) || !r.place().chain().equals(chain)) continue;
            if (r.place().isPolicy()) policy = r;
            else lines.add(new Line(r.place(), r.text(), owner(r.text())));
        }
        if (lines.isEmpty() && policy == null) throw new IllegalArgumentException("no chain " + chain + " in table " + table);
        // the kernel tries the rules first and falls to the policy last: drawn in that order
        if (policy != null) lines.add(new Line(policy.place(), "(policy " + policy.target() + ")", Owner.OTHER));
    }

    /** The chain {@code table chain} of the ruleset {@code counters} was made of (its rules as they are there). */
    public static ChainDiagram of(CounterTable counters, String table, String chain) {
        return new ChainDiagram(counters, table, chain);
    }

    /** A column of packets counted per rule: a {@link CounterTable#deltas()} or a recording's {@link Reveal.Real#deltas()}. */
    public ChainDiagram column(String label, Map<CounterTable.Place, CounterTable.Count> counted) {
        columns.put(label, Map.copyOf(counted));
        return this;
    }

    /** A caption drawn at the top of the picture. */
    public ChainDiagram title(String text) {
        this.title = text;
        return this;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The packets a column gives a rule (0 when it did not count). */
    public long packets(String column, CounterTable.Place place) {
        Map<CounterTable.Place, CounterTable.Count> c = columns.get(column);
        if (c == null) throw new IllegalArgumentException("no column " + column + " (columns: " + columns.keySet() + ")");
        return c.getOrDefault(place, CounterTable.Count.ZERO).packets();
    }

    static Owner owner(String text) {
        String target = text.replaceAll(".*-[jg] (\\S+).*", "$1");
        if (target.startsWith("ufw-")) return Owner.UFW;
        if (target.startsWith("DOCKER") || text.matches(".*-[io] (docker0|br-[0-9a-f]{12})\\b.*")) return Owner.DOCKER;
        return Owner.OTHER;
    }

    private boolean counted(CounterTable.Place p) {
        return columns.values().stream().anyMatch(c -> c.getOrDefault(p, CounterTable.Count.ZERO).packets() > 0);
    }

    /** The picture: an {@code <svg>} element (well-formed XML). */
    public String svg() {
        int top = (title == null ? 0 : 22) + 22;
        int w = NUM_W + TEXT_W + COL_W * columns.size() + 12;
        int h = top + ROW * lines.size() + 30;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"12\" class=\"nflab-chain\" data-chain=\"")
                .append(esc(table + " " + chain)).append("\">");
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"white\"/>");
        if (title != null) {
            b.append("<text x=\"8\" y=\"16\" font-size=\"14\" font-weight=\"bold\">").append(esc(title)).append("</text>");
        }
        int head = top - 6;
        b.append("<text x=\"8\" y=\"").append(head).append("\" font-weight=\"bold\">").append(esc(table + " " + chain))
                .append("</text>");
        int x = NUM_W + TEXT_W;
        for (String c : columns.keySet()) {
            b.append("<text x=\"").append(x + COL_W - 8).append("\" y=\"").append(head)
                    .append("\" text-anchor=\"end\" font-weight=\"bold\">").append(esc(c)).append("</text>");
            x += COL_W;
        }
        int y = top;
        for (Line l : lines) {
            boolean on = counted(l.place());
            String edge = switch (l.owner()) { case DOCKER -> DOCKER; case UFW -> UFW; case OTHER -> OTHER; };
            b.append("<g class=\"rule").append(on ? " counted" : "").append("\" data-owner=\"")
                    .append(l.owner().name().toLowerCase()).append("\" data-rule=\"").append(l.place().isPolicy() ? "policy" : l.place().number())
                    .append("\">");
            b.append("<rect x=\"4\" y=\"").append(y).append("\" width=\"").append(w - 8).append("\" height=\"").append(ROW - 2)
                    .append("\" fill=\"").append(on ? COUNTED_FILL : "#f8f9fa").append("\" stroke=\"#dadce0\"/>");
            b.append("<rect x=\"4\" y=\"").append(y).append("\" width=\"5\" height=\"").append(ROW - 2).append("\" fill=\"")
                    .append(edge).append("\"/>");
            b.append("<text x=\"14\" y=\"").append(y + 13).append("\" fill=\"#5f6368\">")
                    .append(l.place().isPolicy() ? "" : String.valueOf(l.place().number())).append("</text>");
            b.append("<text x=\"").append(NUM_W).append("\" y=\"").append(y + 13)
                    .append("\" font-family=\"monospace\" font-size=\"11\" xml:space=\"preserve\">").append(esc(clip(l.text()))).append("</text>");
            x = NUM_W + TEXT_W;
            for (String c : columns.keySet()) {
                long n = packets(c, l.place());
                b.append("<text x=\"").append(x + COL_W - 8).append("\" y=\"").append(y + 13).append("\" text-anchor=\"end\"")
                        .append(n > 0 ? " font-weight=\"bold\"" : " fill=\"#9aa0a6\"").append(">").append(n).append("</text>");
                x += COL_W;
            }
            b.append("</g>");
            y += ROW;
        }
        y += 16;
        b.append("<g class=\"legend\" font-size=\"10\">");
        legend(b, 8, y, DOCKER, "a jump to Docker's chains, or Docker's bridge");
        legend(b, 250, y, UFW, "a jump to ufw's chains");
        b.append("<rect x=\"392\" y=\"").append(y - 9).append("\" width=\"12\" height=\"10\" fill=\"").append(COUNTED_FILL)
                .append("\" stroke=\"#dadce0\"/><text x=\"408\" y=\"").append(y).append("\">counted packets (numbers: packets counted)</text>");
        b.append("</g></svg>");
        return b.toString();
    }

    private static void legend(StringBuilder b, int x, int y, String colour, String text) {
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"5\" height=\"10\" fill=\"").append(colour)
                .append("\"/><text x=\"").append(x + 9).append("\" y=\"").append(y).append("\">").append(esc(text)).append("</text>");
    }

    private static String clip(String text) {
        return text.length() <= 84 ? text : text.substring(0, 83) + "…";
    }

    /** The chain as text: one line per rule, its counts per column (the picture's text/plain fallback). */
    public String text() {
        StringBuilder b = new StringBuilder(title == null ? "" : title + "\n");
        b.append(table).append(' ').append(chain);
        for (String c : columns.keySet()) b.append("  |  ").append(c);
        b.append('\n');
        for (Line l : lines) {
            b.append(String.format("%3s %-70s", l.place().isPolicy() ? "" : l.place().number(), l.text()));
            for (String c : columns.keySet()) b.append(String.format(" %6d", packets(c, l.place())));
            b.append('\n');
        }
        return b.toString();
    }

    public void show() {
        Show.svg(svg(), text());
    }

    private static String esc(String s) {
        return Show.escape(s);
    }
}
