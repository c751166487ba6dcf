package dev.nflab.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.testing.Recorded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded snapshot against the model: the replay of its trace equals every measured
 * counter, and, for lab recordings whose scenario is in lab/scenarios, the scenario's prediction
 * (made without the trace) holds every measured counter within its bounds.
 */
class PredictionsAgainstRecordingsTest {

    static Stream<Path> recordings() {
        List<Path> all = new ArrayList<>(Recorded.snapshots(Recorded.data().resolve("real-docker-20.10/replay"),
                Recorded.root().resolve("lab/recorded/nft"), Recorded.root().resolve("lab/recorded/legacy"),
                Recorded.root().resolve("lab/recorded/background/nft"), Recorded.root().resolve("lab/recorded/background/legacy"),
                Recorded.root().resolve("lab/recorded/order/nft"), Recorded.root().resolve("lab/recorded/order/legacy")));
        assertFalse(all.isEmpty());
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordings")
    void everyCounterIsExplained(Path dir) throws Exception {
        Comparison c = Comparison.of(dir, Comparison.scenarioOf(dir, Recorded.root()));
        assertTrue(c.allExplained(), () -> c.toText(false));
    }
}
