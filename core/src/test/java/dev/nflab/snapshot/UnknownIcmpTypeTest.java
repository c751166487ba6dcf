package dev.nflab.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.iptables.IptablesException;
import dev.nflab.testing.Recorded;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An nf_tables trace does not print an ICMP packet's type: the replay takes it from the capture.
 * Two ICMP port unreachables for two DNATed datagrams (udp-unreachable-two-ports, recorded): with
 * the capture whole, both are RELATED and the replay gives the kernel's counters; with the second
 * error's records cut out of the capture, its type is unknown and the replay says so instead of
 * taking it for a new echo request (which nat PREROUTING's policy and MASQUERADE would count).
 */
class UnknownIcmpTypeTest {

    private static Path recorded(String backend) {
        return Recorded.root().resolve("lab/recorded/" + backend + "/udp-unreachable-two-ports");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nft", "legacy"})
    void bothErrorsAreRelatedToTheirOwnConnection(String backend) throws Exception {
        Path dir = recorded(backend);
        Replay replay = Replay.run(Snapshot.open(dir));
        assertEquals(Recorded.withoutComments(Recorded.read(dir.resolve("after.rules"))), replay.predictedRules());
        int errors = 0;
        for (var tp : replay.traffic()) {
            if (!tp.packet().isIcmpError()) continue;
            errors++;
            // each quotes its own datagram: two source ports, two connections
            assertTrue(tp.packet().inner() != null && tp.packet().inner().isUdp(), "quoted header of " + tp.packet());
        }
        assertEquals(2, errors, "ICMP errors in the recording");
    }

    @org.junit.jupiter.api.Test
    void aTracedIcmpPacketTheCaptureLostIsRefusedNotGuessed(@TempDir Path tmp) throws Exception {
        Path dir = recorded("nft");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, tmp.resolve(f.getFileName()));
        }
        byte[] pcap = Files.readAllBytes(dir.resolve("capture.pcap"));
        int lastErrorId = -1;
        for (byte[] ip : Pcap.ipPackets(pcap)) {
            if ((ip[9] & 0xff) == 1 && (ip[20] & 0xff) == 3) lastErrorId = ((ip[4] & 0xff) << 8) | (ip[5] & 0xff);
        }
        assertTrue(lastErrorId >= 0, "the recording's capture holds the ICMP errors");
        Files.write(tmp.resolve("capture.pcap"), withoutIcmpId(pcap, lastErrorId));

        IptablesException e = assertThrows(IptablesException.class, () -> Replay.run(Snapshot.open(tmp)));
        assertTrue(e.getMessage().contains("IP id " + lastErrorId + ", 66 bytes) has its ICMP type in neither the trace"
                + " nor capture.pcap"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    /** The capture without the records of ICMP packets with this IP id (LINUX_SLL2, little-endian file). */
    private static byte[] withoutIcmpId(byte[] file, int id) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(276, b.getInt(20) & 0x0fffffff, "a LINUX_SLL2 capture");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, 24);
        int off = 24;
        while (off + 16 <= file.length) {
            int incl = b.getInt(off + 8);
            int ip = off + 16 + 20;
            boolean drop = incl > 40 && (file[ip + 9] & 0xff) == 1 && (((file[ip + 4] & 0xff) << 8) | (file[ip + 5] & 0xff)) == id;
            if (!drop) out.write(file, off, 16 + incl);
            off += 16 + incl;
        }
        return out.toByteArray();
    }
}
