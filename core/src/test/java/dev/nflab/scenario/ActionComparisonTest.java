package dev.nflab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.docker.HostLayout;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.snapshot.Snapshot;
import dev.nflab.testing.Recorded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-action predictions ({@code ./nflab watch}) against real runs: the runs {@code ./nflab watch}
 * recorded one action at a time (lab/recorded/watch: the counters after each action in steps/,
 * IGMP reports left on, so that one arrived during an action), and the lab's one-action recordings,
 * where the action's counters are the whole run's.
 */
class ActionComparisonTest {

    static Stream<Path> watched() {
        List<Path> all = Recorded.snapshots(Recorded.root().resolve("lab/recorded/watch/nft"),
                Recorded.root().resolve("lab/recorded/watch/legacy"));
        assertEquals(2, all.size(), "one watched run per back end");
        return all.stream();
    }

    /** The lab's recordings of scenarios with a single traffic action. */
    static Stream<Path> oneAction() throws Exception {
        List<Path> one = new ArrayList<>();
        for (Path dir : Recorded.snapshots(Recorded.root().resolve("lab/recorded/nft"), Recorded.root().resolve("lab/recorded/legacy"))) {
            Path sc = Comparison.scenarioOf(dir, Recorded.root());
            if (sc != null && Scenario.read(sc).actions().size() == 1) one.add(dir);
        }
        assertTrue(one.size() >= 10, "one-action recordings: " + one);
        return one.stream();
    }

    private static Prediction prediction(Path dir, Snapshot s) throws Exception {
        HostLayout layout = s.dialect().backend() == Backend.NFT ? HostLayout.LAB_NFT : HostLayout.LAB_LEGACY;
        return Prediction.of(Scenario.read(Comparison.scenarioOf(dir, Recorded.root())), layout);
    }

    private static Ruleset step(Path dir, Snapshot s, int n) throws Exception {
        Path f = dir.resolve("steps/" + n + ".rules");
        return IptablesSave.read(Recorded.read(f), f.toString(), s.dialect());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("watched")
    void everyActionIsExplainedAndTheReportIsBackgroundInItsAction(Path dir) throws Exception {
        Snapshot s = Snapshot.open(dir);
        Prediction p = prediction(dir, s);
        assertEquals(4, p.perAction().size());
        List<String> background = new ArrayList<>();
        for (int n = 1; n <= p.perAction().size(); n++) {
            ActionComparison.Window w = ActionComparison.Window.of(s, step(dir, s, n - 1), step(dir, s, n));
            assertNotNull(w, "action " + n + ": the trace shows its packets");
            ActionComparison c = ActionComparison.of(p, n, step(dir, s, n - 1), step(dir, s, n), w);
            assertTrue(c.allExplained(), () -> c.toText(false));
            assertFalse(c.rows().isEmpty());
            background.addAll(c.background());
            assertTrue(c.toText(false).contains("action " + n + ": explained"), c.toText(false));
            assertFalse(c.toText(false).contains("\u001b"), "plain text has no escape codes");
        }
        // the run's one report, in exactly one action, as ./nflab compare says it for the whole run
        Comparison whole = Comparison.of(dir, Comparison.scenarioOf(dir, Recorded.root()));
        assertTrue(whole.allExplained(), () -> whole.toText(false));
        assertEquals(1, whole.background().size(), whole.background().toString());
        assertEquals(whole.background(), background);
        assertTrue(background.get(0).startsWith("IGMPv3 report 172.17.0.1 > 224.0.0.22"), background.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("watched")
    void withoutItsBackgroundTheActionIsNotExplained(Path dir) throws Exception {
        Snapshot s = Snapshot.open(dir);
        Prediction p = prediction(dir, s);
        int withReport = 0;
        for (int n = 1; n <= p.perAction().size(); n++) {
            ActionComparison.Window w = ActionComparison.Window.of(s, step(dir, s, n - 1), step(dir, s, n));
            if (w.background.isEmpty()) continue;
            withReport++;
            ActionComparison c = ActionComparison.of(p, n, step(dir, s, n - 1), step(dir, s, n), ActionComparison.Window.none());
            assertFalse(c.allExplained(), () -> c.toText(false));
            assertTrue(c.toText(false).contains("NOT explained"), c.toText(false));
            assertTrue(c.toText(true).contains("\u001b[1;31m"), "the difference in red");
        }
        assertEquals(1, withReport);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("watched")
    void aTraceThatLagsBehindTheCountersGivesNoWindowYet(Path dir, @TempDir Path tmp) throws Exception {
        for (String f : List.of("before.rules", "conntrack-before.txt", "ip-addr.json", "ip-route.json", "bridge-link.json",
                "scenario.txt", "capture.pcap")) {
            Files.copy(dir.resolve(f), tmp.resolve(f));
        }
        String trace = Files.isRegularFile(dir.resolve("trace.txt")) ? "trace.txt" : "trace-legacy.txt";
        List<String> lines = Files.readAllLines(dir.resolve(trace));
        Files.write(tmp.resolve(trace), lines.subList(0, lines.size() / 3));
        Snapshot s = Snapshot.open(dir), cut = Snapshot.open(tmp);
        assertNull(ActionComparison.Window.of(cut, step(dir, s, 3), step(dir, s, 4)));
        assertNotNull(ActionComparison.Window.of(s, step(dir, s, 3), step(dir, s, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneAction")
    void aOneActionRunIsItsOnlyAction(Path dir) throws Exception {
        Snapshot s = Snapshot.open(dir);
        Prediction p = prediction(dir, s);
        Ruleset before = s.beforeRules();
        Ruleset after = IptablesSave.read(s.afterRules(), "after.rules", s.dialect());
        ActionComparison.Window w = ActionComparison.Window.of(s, before, after);
        assertNotNull(w);
        ActionComparison c = ActionComparison.of(p, 1, before, after, w);
        assertTrue(c.allExplained(), () -> c.toText(false));
        // the action's prediction is the scenario's
        assertEquals(p.ranges().keySet(), p.perAction().get(0).keySet());
        p.ranges().forEach((k, r) -> assertTrue(java.util.Arrays.equals(r, p.perAction().get(0).get(k)), k.toString()));
    }
}
