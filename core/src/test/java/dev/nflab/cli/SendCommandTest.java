package dev.nflab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ./nflab send prints a packet's path exactly as ./nflab tour does. */
class SendCommandTest {
    static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args), "exit status of " + String.join(" ", args));
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The indented path lines that follow the first line starting with {@code header}. */
    static List<String> pathAfter(String text, String header) {
        List<String> path = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n")) {
            if (!in) {
                in = line.startsWith(header);
                continue;
            }
            if (!line.startsWith("    ")) break;
            path.add(line);
        }
        return path;
    }

    @Test
    void aLanSynToThePublishedPortTakesTheTourPath() {
        String tour = run("tour", "--scene", "4");
        List<String> expected = pathAfter(tour, "Packet 1 from peer");
        assertTrue(expected.size() > 5, tour);
        String sent = run("send", "--in", "eth0", "TCP 172.31.32.1:40000 > 172.31.37.164:80 SYN");
        assertTrue(sent.startsWith("Packet 1 in eth0: TCP 172.31.32.1:40000 > 172.31.37.164:80 [SYN] len 60\n"), sent);
        assertEquals(expected, pathAfter(sent, "Packet 1 in eth0"));
        // the tour's own way of writing the packet reads too
        assertEquals(sent, run("send", "--in", "eth0", "TCP 172.31.32.1:40000 > 172.31.37.164:80 [SYN] len 60"));
    }

    @Test
    void packetsReadAsTheyAreWritten() {
        assertEquals("TCP 172.31.32.1:50000 > 172.31.37.164:80 [SYN,ACK] len 60",
                SendCommand.parse("tcp 172.31.32.1:50000 > 172.31.37.164:80 SYN,ACK").toString());
        assertEquals("TCP 172.17.0.2:80 > 172.31.32.1:50000 [ACK] len 52",
                SendCommand.parse("TCP 172.17.0.2:80 > 172.31.32.1:50000 ACK").toString());
        assertEquals("UDP 172.17.0.2:5353 > 8.8.8.8:53 len 60", SendCommand.parse("UDP 172.17.0.2:5353 > 8.8.8.8:53").toString());
        assertTrue(SendCommand.parse("ICMP 172.31.32.1 > 172.31.37.164 echo-request").toString().contains("type 8 code 0"));
        String local = run("send", "--local", "TCP 127.0.0.1:40002 > 127.0.0.1:80 SYN");
        assertTrue(local.contains("OUTPUT (in=- out=lo)"), local);
        assertEquals(2, Main.run("send", "TCP 1.2.3.4:1 > 5.6.7.8:2"), "where the packet comes from is required");
    }
}
