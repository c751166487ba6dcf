package dev.nflab.iptables.oracle;

import dev.nflab.iptables.Ipset;
import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Ruleset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Feeds each spec of the oracle to nflab's {@code iptables} front end, as real iptables was fed
 * it ({@code iptables -t TABLE -A CHAIN WORDS} on a ruleset holding the spec list's user chains,
 * then {@code -S CHAIN} and {@code -L CHAIN -n -v}), and compares with what real iptables did: the
 * verdict (accepted or refused), the exit status, stderr's first line, the {@code -S} rule lines
 * and the {@code -L -n -v} rule lines, in that order; the first difference classifies the spec.
 */
public final class OracleDiff {
    /** How a spec's outcome compares, the first difference found. */
    public enum Kind {
        AGREE("agree"),
        ACCEPTED_BY_IPTABLES_ONLY("accepted by iptables, refused by nflab"),
        REFUSED_BY_IPTABLES_ONLY("refused by iptables, accepted by nflab"),
        STATUS("both refuse, different exit status"),
        MESSAGE("same status, different first stderr line"),
        SAVE("both accept, different -S"),
        LISTING("both accept, same -S, different -L -n -v"),
        MODEL_CRASH("nflab threw an exception");

        public final String label;

        Kind(String label) { this.label = label; }
    }

    /** What nflab did with one spec, in the oracle's terms. */
    public record ModelOutcome(int status, List<String> stderr, List<String> save, List<String> listing, String crash) {
        public String message() {
            return stderr.isEmpty() ? "" : stderr.get(0);
        }
    }

    /** One spec's comparison: its kind, a signature grouping alike differences, and both sides. */
    public record Outcome(OracleSpec spec, OracleFile.Record real, ModelOutcome model, Kind kind, String signature) {}

    /** The dialect nflab models for a back end's name ({@code legacy} or {@code nft}). */
    public static Dialect dialect(String backend) {
        return switch (backend) {
            case "legacy" -> Dialect.DEBIAN_12_LEGACY;
            case "nft" -> Dialect.DEBIAN_12_NFT;
            default -> throw new IllegalArgumentException("unknown back end `" + backend + "' (legacy, nft)");
        };
    }

    private final SpecFile specs;
    private final Dialect dialect;
    private final String base;

    public OracleDiff(SpecFile specs, String backend) {
        this.specs = specs;
        this.dialect = dialect(backend);
        Map<String, List<String>> byTable = new TreeMap<>();
        for (SpecFile.Chain c : specs.chains()) byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c.name());
        StringBuilder b = new StringBuilder();
        byTable.forEach((table, chains) -> {
            b.append('*').append(table).append('\n');
            for (String c : chains) b.append(':').append(c).append(" - [0:0]\n");
            b.append("COMMIT\n");
        });
        this.base = b.toString();
    }

    /** Checks that {@code oracle} holds one record per spec, in order, with the same text. */
    public void checkConsistent(OracleFile oracle, String name) throws IptablesException {
        List<OracleSpec> s = specs.specs();
        if (oracle.records().size() != s.size()) {
            throw new IptablesException(name + ": " + oracle.records().size() + " records for " + s.size()
                    + " specs in specs.txt: record it again (lab/iptables-oracle.sh)", 2);
        }
        for (int i = 0; i < s.size(); i++) {
            if (!oracle.records().get(i).specText().equals(s.get(i).text())) {
                throw new IptablesException(name + ": record " + (i + 1) + " is for `" + oracle.records().get(i).specText()
                        + "', specs.txt says `" + s.get(i).text() + "': record it again (lab/iptables-oracle.sh)", 2);
            }
        }
    }

    /** Runs one spec through nflab. */
    public ModelOutcome model(OracleSpec spec) {
        try {
            Ruleset rs = IptablesSave.read(base, "oracle-chains", dialect);
            for (String i : specs.ipsets()) new Ipset(rs).run(i);
            Iptables ipt = new Iptables(rs);
            Iptables.Result r = ipt.run(spec.command());
            List<String> err = lines(r.stderr());
            if (r.status() != 0) return new ModelOutcome(r.status(), err, List.of(), List.of(), null);
            Iptables.Result s = ipt.run(List.of("-t", spec.table(), "-S", spec.chain()));
            Iptables.Result l = ipt.run(List.of("-t", spec.table(), "-L", spec.chain(), "-n", "-v"));
            List<String> save = lines(s.stdout()).stream().filter(x -> x.startsWith("-A ")).toList();
            List<String> list = lines(l.stdout());
            list = list.size() > 2 ? list.subList(2, list.size()) : List.of();
            return new ModelOutcome(0, err, save, list, null);
        } catch (IptablesException | RuntimeException e) {
            return new ModelOutcome(-1, List.of(), List.of(), List.of(), e.toString());
        }
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        List<String> l = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (text.endsWith("\n")) l.remove(l.size() - 1);
        return l;
    }

    /** Compares every spec with the oracle (checked consistent first). */
    public List<Outcome> compare(OracleFile oracle, String name) throws IptablesException {
        checkConsistent(oracle, name);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < specs.specs().size(); i++) out.add(compare(specs.specs().get(i), oracle.records().get(i)));
        return out;
    }

    public Outcome compare(OracleSpec spec, OracleFile.Record real) {
        ModelOutcome m = model(spec);
        if (m.crash() != null) return new Outcome(spec, real, m, Kind.MODEL_CRASH, m.crash().replaceAll(":.*", ""));
        if (real.accepted() && m.status() != 0) {
            return new Outcome(spec, real, m, Kind.ACCEPTED_BY_IPTABLES_ONLY, "nflab: " + normalize(m.message()));
        }
        if (!real.accepted() && m.status() == 0) {
            return new Outcome(spec, real, m, Kind.REFUSED_BY_IPTABLES_ONLY, "iptables: " + normalize(real.message()));
        }
        if (real.status() != m.status()) {
            return new Outcome(spec, real, m, Kind.STATUS, "iptables " + real.status() + ", nflab " + m.status() + ": "
                    + normalize(real.message()) + " | nflab: " + normalize(m.message()));
        }
        if (!real.message().equals(m.message())) {
            return new Outcome(spec, real, m, Kind.MESSAGE, "iptables: " + normalize(real.message()) + " | nflab: "
                    + normalize(m.message()));
        }
        if (!real.save().equals(m.save())) {
            return new Outcome(spec, real, m, Kind.SAVE, wordDiff(real.save(), m.save()));
        }
        if (!real.listing().equals(m.listing())) {
            return new Outcome(spec, real, m, Kind.LISTING, wordDiff(real.listing(), m.listing()));
        }
        return new Outcome(spec, real, m, Kind.AGREE, "");
    }

    private static final Pattern BANNER = Pattern.compile("^iptables v[0-9.]+ \\([a-z_]+\\): ");
    private static final Pattern QUOTED = Pattern.compile("`[^']*'|\"[^\"]*\"");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** A message with its banner, quoted values and numbers blurred, so alike messages group. */
    static String normalize(String message) {
        String m = BANNER.matcher(message).replaceFirst("");
        m = QUOTED.matcher(m).replaceAll("`…'");
        return NUMBER.matcher(m).replaceAll("N");
    }

    /** The words two outputs differ in (common leading and trailing words dropped), numbers blurred. */
    static String wordDiff(List<String> real, List<String> model) {
        if (real.size() != model.size()) {
            return real.size() + " line(s) from iptables, " + model.size() + " from nflab";
        }
        for (int i = 0; i < real.size(); i++) {
            if (real.get(i).equals(model.get(i))) continue;
            List<String> a = Arrays.asList(real.get(i).trim().split(" +"));
            List<String> b = Arrays.asList(model.get(i).trim().split(" +"));
            int p = 0;
            while (p < a.size() && p < b.size() && a.get(p).equals(b.get(p))) p++;
            int s = 0;
            while (s < a.size() - p && s < b.size() - p && a.get(a.size() - 1 - s).equals(b.get(b.size() - 1 - s))) s++;
            String x = String.join(" ", a.subList(p, a.size() - s));
            String y = String.join(" ", b.subList(p, b.size() - s));
            if (x.isEmpty() && y.isEmpty()) return "spacing";
            return NUMBER.matcher("iptables `" + x + "' / nflab `" + y + "'").replaceAll("N");
        }
        return "same";
    }

    /** Counts by kind, in the enum's order. */
    public static Map<Kind, Integer> counts(List<Outcome> outcomes) {
        Map<Kind, Integer> c = new LinkedHashMap<>();
        for (Kind k : Kind.values()) c.put(k, 0);
        for (Outcome o : outcomes) c.merge(o.kind(), 1, Integer::sum);
        return c;
    }
}
