package dev.nflab.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.testing.Recorded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code conntrack -L} line the lab recorded on real kernels reads back as a connection that
 * the model lists the same way (tuples, NAT bindings, TCP state, flags, mark; the seconds left aside,
 * since the model prints a state's full timeout).
 */
class ConntrackListingTest {

    @Test
    void everyRecordedEntryReadsBackAsListed() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String backend : List.of("nft", "legacy")) {
            try (Stream<Path> s = Files.walk(Recorded.root().resolve("lab/recorded/" + backend))) {
                s.filter(p -> p.getFileName().toString().startsWith("conntrack")).forEach(files::add);
            }
        }
        assertFalse(files.isEmpty(), "no recorded conntrack listings");
        int lines = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            List<Connection> read = ConntrackListing.read(text, f.toString());
            List<String> expected = text.lines().filter(l -> !l.isBlank()).map(ConntrackListingTest::withoutTimeout).toList();
            assertEquals(expected, read.stream().map(c -> withoutTimeout(c.toListing())).toList(), f.toString());
            lines += expected.size();
        }
        assertTrue(lines > 0, "the recordings list no connection");
    }

    @Test
    void aNatBindingIsReadFromTheReplyTuple() throws Exception {
        // recorded: lab/recorded/nft/seed-external-client/conntrack.txt
        Connection c = ConntrackListing.read("tcp      6 113 TIME_WAIT src=172.31.32.1 dst=172.31.37.164 sport=43551 "
                + "dport=80 src=172.17.0.2 dst=172.31.32.1 sport=80 dport=43551 [ASSURED] mark=0 use=1", "t").get(0);
        assertTrue(c.hasDestinationNat());
        assertFalse(c.hasSourceNat());
        assertEquals(TcpState.TIME_WAIT, c.tcpState());
        assertTrue(c.isAssured() && c.seenReply());
    }

    @Test
    void aBadLineNamesFileAndLine() {
        var e = assertThrows(ConntrackListing.FormatException.class,
                () -> ConntrackListing.read("\ntcp 6 10 BOGUS src=1.2.3.4", "before.txt"));
        assertTrue(e.getMessage().startsWith("before.txt:2: "), e.getMessage());
    }

    private static String withoutTimeout(String line) {
        return line.strip().replaceFirst("^(\\S+\\s+\\d+\\s+)\\d+ ", "$1* ");
    }
}
