package dev.nflab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.snapshot.Replay;
import dev.nflab.snapshot.Snapshot;
import dev.nflab.testing.Recorded;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real runs in which the host sent an IGMPv3 report while the counters ran
 * (lab/recorded/background): the report is told apart from the scenario's traffic, its counts are
 * shown on their own line, and every counter is still explained.
 */
class BackgroundRecordingsTest {

    static Stream<Path> recordings() {
        List<Path> all = Recorded.snapshots(Recorded.root().resolve("lab/recorded/background/nft"),
                Recorded.root().resolve("lab/recorded/background/legacy"));
        assertEquals(2, all.size(), "one recording per back end");
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void theReportIsBackgroundAndEveryCounterExplained(Path dir) throws Exception {
        Comparison c = Comparison.of(dir, Comparison.scenarioOf(dir, Recorded.root()));
        assertTrue(c.allExplained(), () -> c.toText(false));
        assertEquals(1, c.background().size(), () -> String.join("\n", c.background()));
        String line = c.background().get(0);
        assertTrue(line.startsWith("IGMPv3 report 172.17.0.1 > 224.0.0.22, sent by the host out docker0; 1 packet, 40 bytes; "),
                line);
        assertTrue(c.toText(false).contains("background: " + line), c.toText(false));
        // the report's counts are in the rows that name it, and only there
        long rowsWithBackground = c.rows().stream().filter(r -> r.background() != null).count();
        assertTrue(rowsWithBackground > 0);
        c.rows().stream().filter(r -> r.background() != null).forEach(r -> assertEquals(40, r.background()[1], r.key().toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void onlyTheReportIsBackground(Path dir) throws Exception {
        Replay replay = Replay.run(Snapshot.open(dir));
        int background = 0;
        for (int i = 0; i < replay.traffic().size(); i++) {
            boolean igmp = replay.traffic().get(i).packet().protocol() == 2;
            assertEquals(igmp, replay.isBackground(i), "packet " + (i + 1) + ": " + replay.traffic().get(i).packet());
            if (igmp) background++;
        }
        assertEquals(1, background);
        assertFalse(Snapshot.open(dir).connectionsBefore().isEmpty(), "conntrack-before.txt lists the report's connection");
    }
}
