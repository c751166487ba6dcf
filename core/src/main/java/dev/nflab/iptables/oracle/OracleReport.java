package dev.nflab.iptables.oracle;

import dev.nflab.iptables.oracle.OracleDiff.Kind;
import dev.nflab.iptables.oracle.OracleDiff.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The comparison's summary (for the terminal) and its list of disagreements (DISAGREEMENTS.md). */
public final class OracleReport {
    private OracleReport() {}

    /** A group of alike disagreements: its kind, signature, the specs in it per back end. */
    record Group(Kind kind, String signature, Map<String, List<Outcome>> byBackend) {
        int total() {
            return byBackend.values().stream().mapToInt(List::size).sum();
        }

        Outcome example() {
            return byBackend.values().stream().filter(l -> !l.isEmpty()).findFirst().orElseThrow().get(0);
        }

        String exampleBackend() {
            return byBackend.entrySet().stream().filter(e -> !e.getValue().isEmpty()).findFirst().orElseThrow().getKey();
        }
    }

    static List<Group> groups(Map<String, List<Outcome>> results) {
        Map<String, Group> g = new LinkedHashMap<>();
        for (var e : results.entrySet()) {
            for (Outcome o : e.getValue()) {
                if (o.kind() == Kind.AGREE) continue;
                Group gr = g.computeIfAbsent(o.kind() + "\u0000" + o.signature(), k -> {
                    Map<String, List<Outcome>> m = new LinkedHashMap<>();
                    for (String b : results.keySet()) m.put(b, new ArrayList<>());
                    return new Group(o.kind(), o.signature(), m);
                });
                gr.byBackend().get(e.getKey()).add(o);
            }
        }
        List<Group> list = new ArrayList<>(g.values());
        list.sort(Comparator.comparing((Group x) -> x.kind().ordinal()).thenComparing(x -> -x.total())
                .thenComparing(Group::signature));
        return list;
    }

    /** The terminal summary: per back end the counts by kind, then the largest groups with an example each. */
    public static String summary(Map<String, List<Outcome>> results, int examples) {
        StringBuilder b = new StringBuilder();
        for (var e : results.entrySet()) {
            List<Outcome> os = e.getValue();
            Map<Kind, Integer> c = OracleDiff.counts(os);
            b.append(e.getKey()).append(": ").append(os.size()).append(" specs, ").append(c.get(Kind.AGREE))
                    .append(" agree, ").append(os.size() - c.get(Kind.AGREE)).append(" disagree\n");
            for (var k : c.entrySet()) {
                if (k.getKey() == Kind.AGREE || k.getValue() == 0) continue;
                b.append(String.format("  %5d  %s%n", k.getValue(), k.getKey().label));
            }
        }
        List<Group> groups = groups(results);
        groups.sort(Comparator.comparing((Group x) -> -x.total()).thenComparing(x -> x.kind().ordinal()));
        if (examples > 0 && !groups.isEmpty()) {
            b.append("largest groups of disagreements (").append(groups.size()).append(" groups):\n");
            for (Group g : groups.subList(0, Math.min(examples, groups.size()))) {
                Outcome o = g.example();
                b.append(String.format("  %5d  %s: %s%n", g.total(), g.kind().label, g.signature()));
                b.append("         e.g. iptables ").append(String.join(" ", o.spec().command().stream()
                        .map(OracleSpec::quote).toList())).append('\n');
            }
        }
        return b.toString();
    }

    /** DISAGREEMENTS.md: every group, largest first within each kind, with one example's both sides. */
    public static String markdown(Map<String, List<Outcome>> results, String specCount, int perKind) {
        StringBuilder b = new StringBuilder();
        b.append("# Where nflab's iptables front end and real iptables 1.8.9 disagree\n\n");
        b.append("Written by `./nflab iptables-diff --write-disagreements` from the recorded oracle ")
                .append("(`legacy.txt`, `nft.txt`, recorded by `lab/iptables-oracle.sh`) and `specs.txt` (")
                .append(specCount).append(" specs): do not edit, run it again. Each spec is `iptables -t TABLE -A CHAIN ")
                .append("WORDS` on a ruleset holding the Docker chains; the first difference found (verdict, exit ")
                .append("status, stderr's first line, `-S` rule lines, `-L -n -v` rule lines) classifies it, and alike ")
                .append("differences (numbers and quoted values blurred) form one group.\n\n");
        b.append("| back end | specs | agree | disagree |");
        for (Kind k : Kind.values()) if (k != Kind.AGREE) b.append(' ').append(k.label).append(" |");
        b.append("\n|---|---|---|---|");
        for (Kind k : Kind.values()) if (k != Kind.AGREE) b.append("---|");
        b.append('\n');
        for (var e : results.entrySet()) {
            Map<Kind, Integer> c = OracleDiff.counts(e.getValue());
            b.append("| ").append(e.getKey()).append(" | ").append(e.getValue().size()).append(" | ")
                    .append(c.get(Kind.AGREE)).append(" | ").append(e.getValue().size() - c.get(Kind.AGREE)).append(" |");
            for (Kind k : Kind.values()) if (k != Kind.AGREE) b.append(' ').append(c.get(k)).append(" |");
            b.append('\n');
        }
        b.append("\n## By extension\n\nA spec counts for each match it loads (`-m NAME`, or `-p NAME` with that ")
                .append("protocol's options), each target it names (`-j`/`-g`; a user chain is `chain`), or `basic` if none.\n\n");
        b.append("| extension | specs |");
        for (String be : results.keySet()) b.append(" agree (").append(be).append(") |");
        b.append("\n|---|---|");
        for (int i = 0; i < results.size(); i++) b.append("---|");
        b.append('\n');
        Map<String, int[]> byExt = new java.util.TreeMap<>();
        int col = 0;
        for (var e : results.entrySet()) {
            for (Outcome o : e.getValue()) {
                for (String x : extensions(o.spec())) {
                    int[] c = byExt.computeIfAbsent(x, k -> new int[1 + results.size()]);
                    if (col == 0) c[0]++;
                    if (o.kind() == Kind.AGREE) c[1 + col]++;
                }
            }
            col++;
        }
        byExt.forEach((x, c) -> {
            b.append("| ").append(x).append(" | ").append(c[0]).append(" |");
            for (int i = 1; i < c.length; i++) b.append(' ').append(c[i]).append(" |");
            b.append('\n');
        });
        List<Group> groups = groups(results);
        for (Kind k : Kind.values()) {
            List<Group> gs = groups.stream().filter(g -> g.kind() == k).toList();
            if (gs.isEmpty()) continue;
            int specs = gs.stream().mapToInt(Group::total).sum();
            b.append("\n## ").append(capital(k.label)).append(" (").append(specs).append(" results, ")
                    .append(gs.size()).append(" groups)\n");
            int n = 0;
            for (Group g : gs) {
                if (n++ == perKind) {
                    int rest = gs.subList(perKind, gs.size()).stream().mapToInt(Group::total).sum();
                    b.append("\n... and ").append(gs.size() - perKind).append(" smaller groups (").append(rest)
                            .append(" results): `./nflab iptables-diff --examples 1000` lists them all.\n");
                    break;
                }
                Outcome o = g.example();
                b.append("\n### ").append(g.total()).append(" (");
                List<String> per = new ArrayList<>();
                g.byBackend().forEach((be, l) -> per.add(be + " " + l.size()));
                b.append(String.join(", ", per)).append("): ").append(g.signature().replace("`", "'")).append("\n\n");
                b.append("Example (").append(g.exampleBackend()).append(", section ").append(o.spec().section())
                        .append("):\n\n```\n");
                b.append("$ iptables ").append(String.join(" ", o.spec().command().stream().map(OracleSpec::quote).toList()))
                        .append('\n');
                b.append("iptables: exit ").append(o.real().status()).append('\n');
                for (String l : o.real().stderr()) b.append("  err ").append(l).append('\n');
                for (String l : o.real().save()) b.append("  -S  ").append(l).append('\n');
                for (String l : o.real().listing()) b.append("  -L  ").append(l).append('\n');
                if (o.model().crash() != null) {
                    b.append("nflab: ").append(o.model().crash()).append('\n');
                } else {
                    b.append("nflab:    exit ").append(o.model().status()).append('\n');
                    for (String l : o.model().stderr()) b.append("  err ").append(l).append('\n');
                    for (String l : o.model().save()) b.append("  -S  ").append(l).append('\n');
                    for (String l : o.model().listing()) b.append("  -L  ").append(l).append('\n');
                }
                b.append("```\n");
            }
        }
        return b.toString();
    }

    private static final java.util.Set<String> PORT_OPTIONS = java.util.Set.of("--sport", "--dport", "--source-port",
            "--destination-port", "--tcp-flags", "--syn", "--icmp-type", "--tcp-option", "--chunk-types");

    /** The extensions a spec uses, by its words. */
    static java.util.Set<String> extensions(OracleSpec spec) {
        java.util.Set<String> x = new java.util.TreeSet<>();
        List<String> w = spec.words();
        String proto = null;
        for (int i = 0; i < w.size(); i++) {
            String a = w.get(i);
            boolean hasNext = i + 1 < w.size();
            if ((a.equals("-m") || a.equals("--match")) && hasNext && w.get(i + 1).matches("[a-z][a-z0-9_-]*")) {
                x.add("-m " + w.get(i + 1));
            }
            if ((a.equals("-p") || a.equals("--protocol")) && hasNext) proto = w.get(i + 1);
            if ((a.equals("-j") || a.equals("--jump") || a.equals("-g") || a.equals("--goto")) && hasNext) {
                String t = w.get(i + 1);
                if (!t.matches("[A-Za-z][A-Za-z0-9_-]*")) continue;
                x.add(t.startsWith("DOCKER") || t.equals("NOSUCHCHAIN") || a.startsWith("-g") || a.equals("--goto")
                        ? "-j chain" : "-j " + t);
            }
            if (PORT_OPTIONS.contains(a) && proto != null && List.of("tcp", "udp", "sctp", "icmp").contains(proto)) {
                x.add("-m " + proto);
            }
        }
        if (x.isEmpty()) x.add("basic");
        return x;
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
