package dev.nflab.notebook;

import dev.nflab.kernel.PathExplainer;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.HookPriority;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IPv4 netfilter packet flow as an SVG picture: a packet arrives, PREROUTING, the routing
 * decision, then INPUT to a local process or FORWARD, and POSTROUTING on the way out; a local
 * process's packets go through OUTPUT to POSTROUTING. Each hook's box lists its tables in the order
 * the kernel runs them (raw, mangle, nat, filter, security; nat's source half last).
 *
 * <p>Given one packet's {@link Step}s ({@code PacketResult.steps()}), the picture highlights the
 * hooks and tables the packet went through, numbers the hooks in the order it visited them, counts
 * the rules that matched in each table, and marks where it ended: delivered to a local process,
 * sent out an interface, or dropped (the table that dropped it in red). Below the picture, the path
 * in words ({@link PathExplainer}). Plain SVG, no ids, no scripts, no external references: it can
 * appear many times in one page and survives the HTML export.
 *
 * <pre>{@code
 * Show.svg(FlowDiagram.of(result.steps()).title("the SYN from the LAN").svg());
 * FlowDiagram.of(steps).hooks()     // [PREROUTING, FORWARD, POSTROUTING]
 * }</pre>
 */
public final class FlowDiagram {
    /** How a packet's path ended. */
    public enum End { DELIVERED, SENT, DROPPED, NOT_ROUTED, NONE }

    /** A table at a hook that the packet went through, with the rules that matched there. */
    public record Visit(Hook hook, TableName table, List<String> rules, boolean dropped) {}

    private static final int W = 860;
    private static final int BOX_W = 168;
    private static final int HEAD = 22;
    private static final int ROW = 17;
    private static final String ACTIVE = "#1a73e8";
    private static final String ACTIVE_FILL = "#d2e3fc";
    private static final String DROP = "#d93025";
    private static final String DROP_FILL = "#fad2cf";
    private static final String IDLE = "#9aa0a6";
    private static final String IDLE_FILL = "#f8f9fa";

    private record Box(int x, int y) {}

    private static final Map<Hook, Box> BOXES = new EnumMap<>(Hook.class);

    static {
        BOXES.put(Hook.PREROUTING, new Box(90, 40));
        BOXES.put(Hook.FORWARD, new Box(386, 40));
        BOXES.put(Hook.POSTROUTING, new Box(622, 40));
        BOXES.put(Hook.INPUT, new Box(190, 180));
        BOXES.put(Hook.OUTPUT, new Box(622, 180));
    }

    private static final int ROUTE_X = 300;
    private static final int ROUTE_Y = 76;
    private static final int LOCAL_X = 410;
    private static final int LOCAL_Y = 214;

    private final List<Step> steps;
    private final List<Hook> hooks = new ArrayList<>();
    private final Map<Hook, List<Integer>> order = new EnumMap<>(Hook.class);
    private final Map<String, Visit> visits = new LinkedHashMap<>();
    private final Set<String> edges = new LinkedHashSet<>();
    private End end = End.NONE;
    private String inDevice;
    private String outDevice;
    private String endNote;
    private String title;

    private FlowDiagram(List<Step> steps) {
        this.steps = List.copyOf(steps);
        analyse();
    }

    /** The diagram of one packet's path. */
    public static FlowDiagram of(List<Step> steps) {
        return new FlowDiagram(steps);
    }

    /** The diagram alone, no packet: the hooks and their tables. */
    public static FlowDiagram blank() {
        return new FlowDiagram(List.of());
    }

    /** A caption drawn at the top of the picture. */
    public FlowDiagram title(String text) {
        this.title = text;
        return this;
    }

    /** The tables registered at a hook, in the order the kernel runs them. */
    public static List<TableName> tablesAt(Hook hook) {
        return HookPriority.tablesAt(hook);
    }

    // ---- what the packet did ----------------------------------------------------------------------

    private void analyse() {
        for (Step s : steps) {
            if (s.hook() == null) continue;
            if (hooks.isEmpty() || hooks.get(hooks.size() - 1) != s.hook()) {
                Hook previous = hooks.isEmpty() ? null : hooks.get(hooks.size() - 1);
                // A hook with no table loaded leaves no step: put back what the flow implies.
                if (previous == Hook.PREROUTING && s.hook() == Hook.POSTROUTING) addHook(Hook.FORWARD);
                if (previous == Hook.OUTPUT && s.hook() == Hook.PREROUTING) addHook(Hook.POSTROUTING);
                addHook(s.hook());
            }
            if (inDevice == null && s.in() != null && !s.in().isEmpty()) inDevice = s.in();
            switch (s.kind()) {
                case TABLE -> visit(s.hook(), s.table());
                case RULE -> {
                    Visit v = visit(s.hook(), s.table());
                    v.rules().add(s.chain() + " " + s.ruleNumber() + ": " + s.ruleText() + verdict(s));
                    if (s.verdict() == Verdict.DROP) markDropped(s.hook(), s.table());
                }
                case POLICY -> {
                    Visit v = visit(s.hook(), s.table());
                    v.rules().add(s.chain() + " policy " + s.verdict());
                    if (s.verdict() == Verdict.DROP) markDropped(s.hook(), s.table());
                }
                case FATE -> {
                    endNote = s.note();
                    String note = s.note() == null ? "" : s.note();
                    if (note.startsWith("delivered")) end = End.DELIVERED;
                    else if (note.startsWith("sent out")) {
                        end = End.SENT;
                        outDevice = s.out();
                    } else if (note.startsWith("dropped")) end = End.DROPPED;
                    else end = End.NOT_ROUTED;
                }
                default -> { }
            }
        }
        if (end == End.DROPPED && visits.values().stream().noneMatch(Visit::dropped) && !hooks.isEmpty()) {
            // Dropped without a rule saying so (the loop guard): the last table visited.
            Visit last = null;
            for (Visit v : visits.values()) if (v.hook() == hooks.get(hooks.size() - 1)) last = v;
            if (last != null) markDropped(last.hook(), last.table());
        }
        for (int i = 0; i < hooks.size(); i++) order.computeIfAbsent(hooks.get(i), k -> new ArrayList<>()).add(i + 1);
        edges();
    }

    private void addHook(Hook h) {
        hooks.add(h);
    }

    private Visit visit(Hook hook, TableName table) {
        return visits.computeIfAbsent(hook + "/" + table, k -> new Visit(hook, table, new ArrayList<>(), false));
    }

    private void markDropped(Hook hook, TableName table) {
        Visit v = visit(hook, table);
        visits.put(hook + "/" + table, new Visit(hook, table, v.rules(), true));
    }

    private static String verdict(Step s) {
        if (s.verdict() == null) return "";
        return switch (s.verdict()) {
            case JUMP -> " (jump)";
            case GOTO -> " (goto)";
            case CONTINUE -> "";
            default -> " (" + s.verdict() + ")";
        };
    }

    private void edges() {
        if (hooks.isEmpty()) return;
        Hook first = hooks.get(0);
        if (first == Hook.PREROUTING) edges.add("in>PREROUTING");
        if (first == Hook.OUTPUT) edges.add("local>OUTPUT");
        for (int i = 1; i < hooks.size(); i++) {
            Hook a = hooks.get(i - 1);
            Hook b = hooks.get(i);
            if (a == Hook.PREROUTING && (b == Hook.INPUT || b == Hook.FORWARD)) {
                edges.add("PREROUTING>route");
                edges.add("route>" + b);
            } else if (a == Hook.POSTROUTING && b == Hook.PREROUTING) {
                edges.add("POSTROUTING>out");
                edges.add("in>PREROUTING");
            } else {
                edges.add(a + ">" + b);
            }
        }
        Hook last = hooks.get(hooks.size() - 1);
        if (end == End.DELIVERED && last == Hook.INPUT) edges.add("INPUT>local");
        if (end == End.SENT && last == Hook.POSTROUTING) edges.add("POSTROUTING>out");
        if (end == End.NOT_ROUTED && last == Hook.PREROUTING) edges.add("PREROUTING>route");
    }

    /** The hooks in the order the packet went through them (a looped-back packet visits some twice). */
    public List<Hook> hooks() {
        return List.copyOf(hooks);
    }

    /** The tables the packet went through, as {@code "HOOK/table"}, in the order first seen. */
    public List<String> tables() {
        List<String> list = new ArrayList<>();
        for (Visit v : visits.values()) list.add(v.hook() + "/" + v.table().lowerName());
        return list;
    }

    /** The tables visited, with the rules that matched in each. */
    public List<Visit> visits() {
        return List.copyOf(visits.values());
    }

    /** The rules that matched, as {@code "HOOK table CHAIN N"}, in path order. */
    public List<String> matchedRules() {
        List<String> list = new ArrayList<>();
        for (Step s : steps) {
            if (s.kind() == Step.Kind.RULE) list.add(s.hook() + " " + s.table().lowerName() + " " + s.chain() + " " + s.ruleNumber());
        }
        return list;
    }

    /** Where the path ended. */
    public End end() {
        return end;
    }

    /** The table that dropped the packet, as {@code "HOOK/table"}, or null. */
    public String droppedIn() {
        for (Visit v : visits.values()) if (v.dropped()) return v.hook() + "/" + v.table().lowerName();
        return null;
    }

    // ---- drawing ----------------------------------------------------------------------------------------

    private static int boxHeight(Hook h) {
        return HEAD + ROW * tablesAt(h).size() + 6;
    }

    /** The picture: an {@code <svg>} element (well-formed XML). */
    public String svg() {
        List<String> words = PathExplainer.explain(steps);
        int top = title == null ? 0 : 22;
        int diagramH = 345;
        int textH = words.isEmpty() ? 0 : 16 * words.size() + 24;
        int h = top + diagramH + textH;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"12\" class=\"nflab-flow\" data-end=\"")
                .append(end.name().toLowerCase()).append("\">");
        b.append("<rect x=\"0\" y=\"0\" width=\"").append(W).append("\" height=\"").append(h).append("\" fill=\"white\"/>");
        if (title != null) {
            b.append("<text x=\"10\" y=\"16\" font-size=\"14\" font-weight=\"bold\">").append(esc(title)).append("</text>");
        }
        b.append("<g transform=\"translate(0,").append(top).append(")\">");
        drawEdges(b);
        for (Hook hk : List.of(Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING, Hook.INPUT, Hook.OUTPUT)) drawHook(b, hk);
        drawRouting(b);
        drawLocal(b);
        drawEnds(b);
        drawLegend(b);
        b.append("</g>");
        if (!words.isEmpty()) {
            int y = top + diagramH + 4;
            b.append("<g class=\"path-text\" font-family=\"monospace\" font-size=\"11\">");
            b.append("<text x=\"10\" y=\"").append(y + 10).append("\" font-family=\"sans-serif\" font-size=\"12\" font-weight=\"bold\">")
                    .append("The path, step by step (rules that matched; the others did nothing):</text>");
            for (int i = 0; i < words.size(); i++) {
                String line = words.get(i);
                String colour = line.contains("DROP") || line.contains("dropped") ? DROP : "#202124";
                b.append("<text x=\"14\" y=\"").append(y + 28 + 16 * i).append("\" fill=\"").append(colour)
                        .append("\" xml:space=\"preserve\">").append(esc(line)).append("</text>");
            }
            b.append("</g>");
        }
        b.append("</svg>");
        return b.toString();
    }

    /** Shows the picture in the notebook; the text fallback is the path in words. */
    public void show() {
        List<String> words = PathExplainer.explain(steps);
        String plain = (title == null ? "" : title + "\n") + (words.isEmpty() ? "[netfilter flow diagram]" : String.join("\n", words));
        Show.svg(svg(), plain);
    }

    private void drawHook(StringBuilder b, Hook hk) {
        Box box = BOXES.get(hk);
        boolean visited = order.containsKey(hk);
        int hgt = boxHeight(hk);
        b.append("<g class=\"hook").append(visited ? " visited" : "").append("\" data-hook=\"").append(hk).append("\">");
        b.append("<rect x=\"").append(box.x()).append("\" y=\"").append(box.y()).append("\" width=\"").append(BOX_W)
                .append("\" height=\"").append(hgt).append("\" rx=\"6\" fill=\"").append(visited ? "#ffffff" : IDLE_FILL)
                .append("\" stroke=\"").append(visited ? ACTIVE : IDLE).append("\" stroke-width=\"").append(visited ? 2.5 : 1)
                .append("\"/>");
        b.append("<text x=\"").append(box.x() + 8).append("\" y=\"").append(box.y() + 15).append("\" font-weight=\"bold\" fill=\"")
                .append(visited ? ACTIVE : "#5f6368").append("\">").append(hk).append("</text>");
        if (visited) {
            StringBuilder nums = new StringBuilder();
            for (int n : order.get(hk)) nums.append(nums.length() == 0 ? "" : ",").append(n);
            int cx = box.x() + BOX_W - 14;
            int r = nums.length() > 1 ? 12 : 9;
            b.append("<circle cx=\"").append(cx).append("\" cy=\"").append(box.y() + 11).append("\" r=\"").append(r)
                    .append("\" fill=\"").append(ACTIVE).append("\"/>");
            b.append("<text class=\"order\" x=\"").append(cx).append("\" y=\"").append(box.y() + 15)
                    .append("\" text-anchor=\"middle\" fill=\"white\" font-size=\"11\" font-weight=\"bold\">").append(nums)
                    .append("</text>");
        }
        int y = box.y() + HEAD;
        for (TableName t : tablesAt(hk)) {
            Visit v = visits.get(hk + "/" + t);
            String cls = "table" + (v != null ? " visited" : "") + (v != null && v.dropped() ? " dropped" : "");
            String fill = v == null ? "none" : v.dropped() ? DROP_FILL : ACTIVE_FILL;
            String stroke = v == null ? "none" : v.dropped() ? DROP : ACTIVE;
            b.append("<g class=\"").append(cls).append("\" data-hook=\"").append(hk).append("\" data-table=\"")
                    .append(t.lowerName()).append("\">");
            if (v != null && !v.rules().isEmpty()) {
                b.append("<title>").append(esc(hk + " " + t.lowerName() + ": " + String.join("; ", v.rules()))).append("</title>");
            }
            b.append("<rect x=\"").append(box.x() + 6).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W - 12)
                    .append("\" height=\"").append(ROW - 2).append("\" rx=\"3\" fill=\"").append(fill).append("\" stroke=\"")
                    .append(stroke).append("\"/>");
            String label = t.lowerName() + (t == TableName.NAT ? (HookPriority.at(hk).contains(HookPriority.NAT_SRC) ? " (SNAT)" : " (DNAT)") : "");
            b.append("<text x=\"").append(box.x() + 12).append("\" y=\"").append(y + 12).append("\" fill=\"")
                    .append(v == null ? "#80868b" : "#202124").append("\">").append(esc(label)).append("</text>");
            if (v != null) {
                long matched = v.rules().stream().filter(r -> !r.contains(" policy ")).count();
                String note = v.dropped() ? "DROP" : matched == 0 ? "0 rules" : matched + (matched == 1 ? " rule" : " rules");
                b.append("<text class=\"note\" x=\"").append(box.x() + BOX_W - 10).append("\" y=\"").append(y + 12)
                        .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"").append(v.dropped() ? DROP : ACTIVE)
                        .append("\">").append(esc(note)).append("</text>");
            }
            b.append("</g>");
            y += ROW;
        }
        b.append("</g>");
    }

    private void drawRouting(StringBuilder b) {
        boolean on = edges.contains("PREROUTING>route");
        int x = ROUTE_X;
        int y = ROUTE_Y;
        b.append("<g class=\"routing").append(on ? " visited" : "").append("\">");
        b.append("<polygon points=\"").append(x).append(',').append(y - 26).append(' ').append(x + 44).append(',').append(y)
                .append(' ').append(x).append(',').append(y + 26).append(' ').append(x - 44).append(',').append(y)
                .append("\" fill=\"").append(on ? ACTIVE_FILL : IDLE_FILL).append("\" stroke=\"").append(on ? ACTIVE : IDLE)
                .append("\" stroke-width=\"").append(on ? 2 : 1).append("\"/>");
        b.append("<text x=\"").append(x).append("\" y=\"").append(y - 2).append("\" text-anchor=\"middle\" font-size=\"10\">routing</text>");
        b.append("<text x=\"").append(x).append("\" y=\"").append(y + 10).append("\" text-anchor=\"middle\" font-size=\"10\">decision</text>");
        b.append("</g>");
    }

    private void drawLocal(StringBuilder b) {
        boolean on = edges.contains("INPUT>local") || edges.contains("local>OUTPUT");
        b.append("<g class=\"local").append(on ? " visited" : "").append("\">");
        b.append("<rect x=\"").append(LOCAL_X).append("\" y=\"").append(LOCAL_Y - 18).append("\" width=\"150\" height=\"40\" rx=\"20\" fill=\"")
                .append(on ? ACTIVE_FILL : IDLE_FILL).append("\" stroke=\"").append(on ? ACTIVE : IDLE).append("\"/>");
        b.append("<text x=\"").append(LOCAL_X + 75).append("\" y=\"").append(LOCAL_Y).append("\" text-anchor=\"middle\">local process</text>");
        b.append("<text x=\"").append(LOCAL_X + 75).append("\" y=\"").append(LOCAL_Y + 14)
                .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#5f6368\">(sockets, docker-proxy)</text>");
        b.append("</g>");
    }

    private void drawEdges(StringBuilder b) {
        Box pre = BOXES.get(Hook.PREROUTING);
        Box fwd = BOXES.get(Hook.FORWARD);
        Box post = BOXES.get(Hook.POSTROUTING);
        Box in = BOXES.get(Hook.INPUT);
        Box out = BOXES.get(Hook.OUTPUT);
        int mid = ROUTE_Y;
        edge(b, "in>PREROUTING", 4, mid, pre.x(), mid);
        edge(b, "PREROUTING>route", pre.x() + BOX_W, mid, ROUTE_X - 44, mid);
        edge(b, "route>FORWARD", ROUTE_X + 44, mid, fwd.x(), mid);
        edge(b, "route>INPUT", ROUTE_X, mid + 26, ROUTE_X, in.y());
        edge(b, "FORWARD>POSTROUTING", fwd.x() + BOX_W, mid, post.x(), mid);
        edge(b, "POSTROUTING>out", post.x() + BOX_W, mid - 10, W - 4, mid - 10);
        edge(b, "INPUT>local", in.x() + BOX_W, LOCAL_Y, LOCAL_X, LOCAL_Y);
        edge(b, "local>OUTPUT", LOCAL_X + 150, LOCAL_Y, out.x(), LOCAL_Y);
        edge(b, "OUTPUT>POSTROUTING", out.x() + BOX_W / 2, out.y(), post.x() + BOX_W / 2, post.y() + boxHeight(Hook.POSTROUTING));
    }

    private void edge(StringBuilder b, String name, int x1, int y1, int x2, int y2) {
        boolean on = edges.contains(name);
        String c = on ? ACTIVE : "#bdc1c6";
        double w = on ? 3 : 1.5;
        b.append("<g class=\"edge").append(on ? " visited" : "").append("\" data-edge=\"").append(esc(name)).append("\">");
        b.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                .append("\" stroke=\"").append(c).append("\" stroke-width=\"").append(w).append("\"/>");
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = Math.max(1, Math.hypot(dx, dy));
        double ux = dx / len;
        double uy = dy / len;
        double bx = x2 - ux * 9;
        double by = y2 - uy * 9;
        b.append("<polygon points=\"").append(fmt(x2)).append(',').append(fmt(y2)).append(' ')
                .append(fmt(bx - uy * 5)).append(',').append(fmt(by + ux * 5)).append(' ')
                .append(fmt(bx + uy * 5)).append(',').append(fmt(by - ux * 5)).append("\" fill=\"").append(c).append("\"/>");
        b.append("</g>");
    }

    private void drawEnds(StringBuilder b) {
        int mid = ROUTE_Y;
        String inLabel = "in" + (inDevice != null && hooks.contains(Hook.PREROUTING) ? ": " + inDevice : "");
        b.append("<text x=\"4\" y=\"").append(mid - 8).append("\" font-size=\"10\" fill=\"#5f6368\">").append(esc(inLabel)).append("</text>");
        String outLabel = "out" + (outDevice != null ? ": " + outDevice : "");
        b.append("<text x=\"").append(W - 4).append("\" y=\"").append(mid - 16)
                .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"#5f6368\">").append(esc(outLabel)).append("</text>");
        if (end != End.NONE) {
            String colour = end == End.DROPPED || end == End.NOT_ROUTED ? DROP : "#188038";
            String text = switch (end) {
                case DELIVERED -> "Delivered to a local process";
                case SENT -> "Sent out " + (outDevice == null ? "" : outDevice);
                case DROPPED -> "Dropped" + (droppedIn() == null ? "" : " in " + droppedIn().replace('/', ' '));
                case NOT_ROUTED -> "Not routed" + (endNote == null ? "" : ": " + endNote);
                case NONE -> "";
            };
            b.append("<g class=\"end\" data-end=\"").append(end.name().toLowerCase()).append("\">");
            b.append("<rect x=\"90\" y=\"304\" width=\"420\" height=\"26\" rx=\"5\" fill=\"white\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>");
            b.append("<text x=\"102\" y=\"321\" font-weight=\"bold\" fill=\"").append(colour).append("\">").append(esc(text)).append("</text>");
            b.append("</g>");
        }
    }

    private void drawLegend(StringBuilder b) {
        int x = 530;
        int y = 306;
        b.append("<g class=\"legend\" font-size=\"10\">");
        b.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"12\" height=\"10\" fill=\"").append(ACTIVE_FILL)
                .append("\" stroke=\"").append(ACTIVE).append("\"/>");
        b.append("<text x=\"").append(x + 16).append("\" y=\"").append(y + 9).append("\">table traversed</text>");
        b.append("<rect x=\"").append(x + 110).append("\" y=\"").append(y).append("\" width=\"12\" height=\"10\" fill=\"").append(DROP_FILL)
                .append("\" stroke=\"").append(DROP).append("\"/>");
        b.append("<text x=\"").append(x + 126).append("\" y=\"").append(y + 9).append("\">dropped here</text>");
        b.append("<text x=\"").append(x).append("\" y=\"").append(y + 24).append("\" fill=\"#5f6368\">numbers: the order of the hooks; tables run top to bottom</text>");
        b.append("</g>");
    }

    private static String fmt(double v) {
        return String.valueOf(Math.round(v * 10) / 10.0);
    }

    private static String esc(String s) {
        return Show.escape(s);
    }
}
