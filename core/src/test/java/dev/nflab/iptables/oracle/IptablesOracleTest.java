package dev.nflab.iptables.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.oracle.OracleDiff.Kind;
import dev.nflab.iptables.oracle.OracleDiff.Outcome;
import dev.nflab.testing.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The iptables oracle's machinery (data/iptables-oracle): the spec list is what the generator
 * writes, each recording of real iptables 1.8.9 parses and answers every spec in order, Docker's
 * own rules (recorded by real Docker 20.10) agree exactly on both back ends, and the comparison
 * tells each kind of difference apart. The model's other disagreements are reported, not failed
 * on: {@code ./nflab iptables-diff} and DISAGREEMENTS.md list them.
 */
class IptablesOracleTest {
    private static final Path DIR = Recorded.data().resolve("iptables-oracle");

    private static SpecFile specs() throws IOException, IptablesException {
        return SpecFile.read(DIR.resolve("specs.txt"));
    }

    private static OracleFile oracle(String backend) throws IOException, IptablesException {
        return OracleFile.read(DIR.resolve(backend + ".txt"));
    }

    /**
     * specs.txt is what the generator writes from handpicked.txt and its own lists, with the
     * Docker rules specs.txt holds; those are all rules of the recordings (a recording made since
     * may add more: they join the list when it is written and recorded again).
     */
    @Test
    void theSpecListIsWhatTheGeneratorWrites() throws Exception {
        SpecFile committed = specs();
        List<OracleSpec> docker = committed.specs().stream().filter(s -> s.section().equals("docker")).toList();
        Set<SpecFile.Chain> recordedChains = new HashSet<>();
        Set<OracleSpec> recorded = new HashSet<>(SpecGenerator.recordedDockerRules(Recorded.root(), recordedChains));
        for (OracleSpec s : docker) assertTrue(recorded.contains(s), "not a recorded Docker rule: " + s.text());
        SpecFile built = SpecGenerator.build(Recorded.root(), docker, new HashSet<>(committed.chains()));
        assertEquals(Files.readString(DIR.resolve("specs.txt")), built.format(SpecGenerator.HEADER),
                "specs.txt is stale: ./nflab iptables-diff --write-specs, then record again (lab/iptables-oracle.sh)");
        assertTrue(built.specs().size() > 5000, built.specs().size() + " specs");
        for (String section : List.of("handpicked", "docker", "option", "negated", "context", "target", "combination")) {
            assertTrue(built.specs().stream().anyMatch(s -> s.section().equals(section)), section);
        }
    }

    @Test
    void specTextReadsBackAsTheSameWords() throws Exception {
        for (OracleSpec s : specs().specs()) assertEquals(s, OracleSpec.parse(s.text()), s.text());
    }

    /**
     * Every extension of real iptables 1.8.9 (extensions.txt, listed by the recorder) that nflab's
     * front end loads (it does not answer "Couldn't load match/target") has specs naming it: the
     * generator covers what the model supports, whatever the front end's code looks like.
     */
    @Test
    void everyExtensionNflabLoadsIsInTheSpecList() throws Exception {
        SpecFile specs = specs();
        // legacy: a -j name that is neither an extension nor a chain "Couldn't load target" (nft
        // would say the chain does not exist)
        OracleDiff diff = new OracleDiff(specs, "legacy");
        List<String> modelled = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String line : Files.readAllLines(DIR.resolve("extensions.txt"))) {
            if (line.startsWith("#")) continue;
            String[] w = line.split(" ");
            boolean match = w[0].equals("match");
            String option = match ? "-m" : "-j";
            OracleDiff.ModelOutcome m = diff.model(new OracleSpec("probe", "filter", "INPUT", List.of(option, w[1])));
            if (m.message().contains(match ? "Couldn't load match" : "Couldn't load target")) continue;
            modelled.add(line);
            boolean named = specs.specs().stream().anyMatch(s -> {
                for (int i = 0; i + 1 < s.words().size(); i++) {
                    if (s.words().get(i).equals(option) && s.words().get(i + 1).equals(w[1])) return true;
                }
                return false;
            });
            if (!named) missing.add(line);
        }
        assertTrue(modelled.size() >= 10, "nflab loads " + modelled);
        assertEquals(List.of(), missing, "extensions nflab loads that no spec names: add them to SpecGenerator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "nft"})
    void eachRecordingAnswersEverySpecInOrder(String backend) throws Exception {
        OracleFile o = oracle(backend);
        new OracleDiff(specs(), backend).checkConsistent(o, backend + ".txt");
        String label = backend.equals("nft") ? "(nf_tables)" : "(legacy)";
        assertTrue(o.header().contains("iptables v1.8.9 " + label), o.header());
        int accepted = 0;
        for (OracleFile.Record r : o.records()) {
            if (r.accepted()) {
                accepted++;
                assertFalse(r.save().isEmpty(), r.specText());
                assertEquals(r.save().size(), r.listing().size(), r.specText());
            } else {
                assertFalse(r.stderr().isEmpty(), r.specText());
                assertTrue(r.save().isEmpty() && r.listing().isEmpty(), r.specText());
            }
        }
        // both verdicts are well represented
        assertTrue(accepted > 1000 && o.records().size() - accepted > 1000, accepted + " accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "nft"})
    void dockersOwnRulesAgreeExactly(String backend) throws Exception {
        SpecFile specs = specs();
        OracleFile o = oracle(backend);
        OracleDiff diff = new OracleDiff(specs, backend);
        int n = 0;
        for (int i = 0; i < specs.specs().size(); i++) {
            OracleSpec s = specs.specs().get(i);
            if (!s.section().equals("docker")) continue;
            n++;
            OracleFile.Record real = o.records().get(i);
            // the oracle itself: real iptables takes Docker's recorded rule and prints it back as recorded
            // (word for word: iptables quotes a LOG prefix with double quotes, specs.txt as a shell would)
            assertEquals(1, real.save().size(), s.text());
            List<String> printed = dev.nflab.iptables.Tokenizer.split(real.save().get(0));
            assertEquals(new java.util.ArrayList<>(List.of("-A", s.chain())) {{ addAll(s.words()); }}, printed, s.text());
            Outcome c = diff.compare(s, real);
            assertEquals(Kind.AGREE, c.kind(), s.text() + ": " + c.signature());
        }
        assertTrue(n > 250, n + " Docker rules");
    }

    /** Each kind of difference, made by changing one thing in a real record Docker's rules agree on. */
    @Test
    void theComparisonTellsEachKindOfDifferenceApart() throws Exception {
        SpecFile specs = specs();
        OracleFile o = oracle("nft");
        int i = 0;
        while (!specs.specs().get(i).section().equals("docker")) i++;
        OracleSpec s = specs.specs().get(i);
        OracleFile.Record r = o.records().get(i);
        OracleDiff diff = new OracleDiff(specs, "nft");
        assertEquals(Kind.AGREE, diff.compare(s, r).kind());
        List<String> err = List.of("iptables v1.8.9 (nf_tables): something", "Try `iptables -h' or 'iptables --help' for more information.");
        assertEquals(Kind.REFUSED_BY_IPTABLES_ONLY,
                diff.compare(s, new OracleFile.Record(r.specText(), 2, List.of(), err, List.of(), List.of())).kind());
        List<String> otherSave = List.of(r.save().get(0) + " -j DROP");
        Outcome save = diff.compare(s, new OracleFile.Record(r.specText(), 0, List.of(), List.of(), otherSave, r.listing()));
        assertEquals(Kind.SAVE, save.kind());
        assertEquals("iptables `-j DROP' / nflab `'", save.signature());
        List<String> otherList = List.of(r.listing().get(0) + "x");
        assertEquals(Kind.LISTING,
                diff.compare(s, new OracleFile.Record(r.specText(), 0, List.of(), List.of(), r.save(), otherList)).kind());
        // a refused spec: the status, then the first stderr line
        int k = 0;
        while (specs.specs().get(k).section().equals("docker") || o.records().get(k).accepted()
                || diff.compare(specs.specs().get(k), o.records().get(k)).kind() != Kind.AGREE) k++;
        OracleSpec bad = specs.specs().get(k);
        OracleFile.Record refused = o.records().get(k);
        assertEquals(Kind.ACCEPTED_BY_IPTABLES_ONLY, diff.compare(bad, new OracleFile.Record(refused.specText(), 0,
                List.of(), List.of(), List.of("-A x"), List.of("x"))).kind());
        assertEquals(Kind.STATUS, diff.compare(bad, new OracleFile.Record(refused.specText(), refused.status() + 1,
                List.of(), refused.stderr(), List.of(), List.of())).kind());
        assertEquals(Kind.MESSAGE, diff.compare(bad, new OracleFile.Record(refused.specText(), refused.status(),
                List.of(), err, List.of(), List.of())).kind());
    }

    @Test
    void aRecordingOfOtherSpecsIsRefusedWithOneLine() throws Exception {
        SpecFile specs = specs();
        OracleFile o = oracle("legacy");
        List<OracleFile.Record> shifted = new ArrayList<>(o.records().subList(1, o.records().size()));
        shifted.add(o.records().get(0));
        IptablesException e = assertThrows(IptablesException.class,
                () -> new OracleDiff(specs, "legacy").checkConsistent(new OracleFile(o.header(), shifted), "legacy.txt"));
        assertTrue(e.getMessage().startsWith("legacy.txt: record 1 is for `"), e.getMessage());
        assertThrows(IptablesException.class, () -> OracleFile.parse("spec a filter INPUT\nS -A INPUT\n", "x"));
        assertThrows(IptablesException.class, () -> OracleFile.parse("spec a filter INPUT\nexit 0\nQ what\n", "x"));
    }

    /** The whole comparison runs on every spec of both back ends; its counts are reported. */
    @Test
    void everySpecIsCompared() throws Exception {
        SpecFile specs = specs();
        Map<String, List<Outcome>> results = new LinkedHashMap<>();
        for (String b : List.of("legacy", "nft")) {
            List<Outcome> os = new OracleDiff(specs, b).compare(oracle(b), b);
            assertEquals(specs.specs().size(), os.size());
            assertEquals(os.size(), OracleDiff.counts(os).values().stream().mapToInt(Integer::intValue).sum());
            for (Outcome x : os) assertEquals(x.kind() == Kind.AGREE, x.signature().isEmpty(), x.spec().text());
            results.put(b, os);
        }
        String summary = OracleReport.summary(results, 5);
        assertTrue(summary.startsWith("legacy: " + specs.specs().size() + " specs, "), summary);
        System.out.print(summary);
        // the differential test proper: every spec agrees with real iptables on both back ends, but
        // for the known gaps below (each must still disagree: a gap that closes comes off the list)
        for (Map.Entry<String, List<Outcome>> e : results.entrySet()) {
            List<String> gaps = KNOWN_GAPS.getOrDefault(e.getKey(), List.of());
            List<String> differ = e.getValue().stream().filter(x -> x.kind() != Kind.AGREE)
                    .map(x -> x.spec().text()).toList();
            assertEquals(gaps, differ, e.getKey() + ": the specs where nflab and real iptables 1.8.9 differ");
        }
    }

    /** Where the model still differs from real iptables 1.8.9, and why: nowhere. */
    private static final Map<String, List<String>> KNOWN_GAPS = Map.of();
}
