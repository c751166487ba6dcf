package dev.nflab.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.testing.Recorded;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded snapshot, replayed through the model, gives the kernel's counters exactly (every
 * rule and every built-in chain's policy, packets and bytes) and the kernel's path for every packet.
 */
class ReplayRecordedSnapshotsTest {

    static Stream<Path> snapshots() {
        List<Path> all = Recorded.snapshots(Recorded.data().resolve("real-docker-20.10/replay"),
                Recorded.root().resolve("lab/recorded/nft"), Recorded.root().resolve("lab/recorded/legacy"),
                Recorded.root().resolve("lab/recorded/background/nft"), Recorded.root().resolve("lab/recorded/background/legacy"),
                Recorded.root().resolve("lab/recorded/order/nft"), Recorded.root().resolve("lab/recorded/order/legacy"),
                Recorded.root().resolve("lab/recorded/late-syn/nft"));
        assertFalse(all.isEmpty(), "no recorded snapshots found under " + Recorded.data() + " or lab/recorded");
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void countersAreTheKernels(Path dir) throws Exception {
        Replay replay = Replay.run(Snapshot.open(dir));
        String expected = Recorded.withoutComments(Recorded.read(dir.resolve("after.rules")));
        assertEquals(expected, replay.predictedRules(), "predicted after.rules for " + dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void everyPacketTakesTheKernelsPath(Path dir) throws Exception {
        Replay replay = Replay.run(Snapshot.open(dir));
        assertFalse(replay.traffic().isEmpty(), "the trace holds no packet");
        List<String> diffs = replay.traceDifferences();
        assertTrue(diffs.isEmpty(), () -> String.join("\n", diffs));
    }

    /**
     * The model's own trace, written in the snapshot's format and read back by the same reader
     * as the kernel's, gives the kernel's steps for every packet.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void theModelsTraceReadsBackAsTheKernels(Path dir) throws Exception {
        Snapshot snapshot = Snapshot.open(dir);
        Replay replay = Replay.run(snapshot);
        List<dev.nflab.trace.TracedPacket> back = snapshot.dialect().backend() == dev.nflab.netfilter.Backend.NFT
                ? dev.nflab.trace.NftTraceReader.read(replay.modelTrace(), "model", snapshot.beforeRules())
                : dev.nflab.trace.LegacyTraceReader.read(replay.modelTraceLegacy(), "model");
        assertEquals(replay.traffic().size(), back.size(), "packets in the model's trace");
        for (int i = 0; i < back.size(); i++) {
            assertEquals(replay.traffic().get(i).events(), back.get(i).events(), "packet " + (i + 1));
        }
    }

    /**
     * After the replay, the model's connection table lists what {@code conntrack -L} listed:
     * the same tuples, states and flags. The seconds left to each entry are left aside (they
     * depend on when the listing ran). A snapshot that lists the table before the traffic
     * ({@code conntrack-before.txt}) is compared entry for entry; in older ones, which do not,
     * entries of protocols the trace never showed (the host's own IGMP reports) are left aside.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void theConnectionTableIsTheKernels(Path dir) throws Exception {
        Replay replay = Replay.run(Snapshot.open(dir));
        java.util.List<String> model = new java.util.ArrayList<>();
        for (var c : replay.kernel().conntrack().table().connections()) model.add(withoutTimeout(c.toListing()));
        java.util.List<String> real = new java.util.ArrayList<>();
        boolean listedBefore = java.nio.file.Files.isRegularFile(dir.resolve("conntrack-before.txt"));
        for (String line : Recorded.read(dir.resolve("conntrack.txt")).split("\n")) {
            if (line.isBlank()) continue;
            if (listedBefore || line.startsWith("tcp") || line.startsWith("udp") || line.startsWith("icmp ")) {
                real.add(withoutTimeout(line));
            }
        }
        java.util.Collections.sort(model);
        java.util.Collections.sort(real);
        assertEquals(String.join("\n", real), String.join("\n", model));
    }

    private static String withoutTimeout(String line) {
        return line.strip().replaceFirst("^(\\S+\\s+\\d+\\s+)\\d+ ", "$1* ");
    }
}
