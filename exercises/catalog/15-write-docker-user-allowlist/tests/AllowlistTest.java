package dev.nflab.exercises.e15;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.kernel.Fate;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks the learner's rules against the intended policy by running packets through the model on
 * the seed's real rules: the policy is the oracle, the model decides what the rules do.
 */
class AllowlistTest {
    static final Cidr OFFICE = Cidr.parse("172.31.32.0/24");

    static Lab lab() {
        List<String> rules = Expect.answered(Allowlist.rules(), "rules");
        Lab lab = Lab.seed();
        for (String r : rules) {
            String c = r.strip();
            if (c.startsWith("iptables ")) c = c.substring(9);
            if (!c.contains("DOCKER-USER") || c.matches(".*(^|\\s)-(P|F|X|Z)(\\s|$).*")) {
                throw Expect.fail("rules", "`" + r + "`: only add rules to DOCKER-USER (-I/-A DOCKER-USER ...)",
                        "Docker owns its other chains and rewrites them when it restarts.");
            }
            try {
                lab.iptables(c);
            } catch (IllegalArgumentException e) {
                throw Expect.fail("rules", e.getMessage(), "check the command's syntax with `iptables -h`.");
            }
        }
        return lab;
    }

    /** A random address outside the office network (on the LAN or the internet). */
    static String outsider(Random r) {
        while (true) {
            int a = r.nextBoolean() ? (r.nextInt() & 0x00000fff) | Ipv4.parse("172.31.32.0") : r.nextInt();
            if (!OFFICE.contains(a) && !Cidr.parse("172.17.0.0/16").contains(a) && !Cidr.parse("127.0.0.0/8").contains(a)
                    && !Cidr.parse("172.31.37.164/32").contains(a) && (a & 0xf0000000) != 0xe0000000 && a != 0) {
                return Ipv4.format(a);
            }
        }
    }

    static String insider(Random r) {
        return Ipv4.format(Ipv4.parse("172.31.32.0") | (1 + r.nextInt(254)));
    }

    /** A full inbound connection attempt: does the client's SYN reach the container and the SYN-ACK come back? */
    static boolean connects(Lab lab, String client, int sport, String dst, int dport) {
        Trip syn = lab.fromLan(Lab.syn(client, sport, dst, dport));
        if (syn.fate() != Fate.SENT || !syn.outInterface().equals("docker0")) return false;
        Trip back = lab.fromContainer(Lab.synAck(Ipv4.format(syn.out().destination()), syn.out().destinationPort(),
                client, sport));
        return back.fate() == Fate.SENT && back.outInterface().equals("eth0");
    }

    /** Precondition of the "keeps working" tests: an allowlist must block someone. */
    static void blocksOutsiders(Lab lab, String q) {
        if (connects(lab, "203.0.113.9", 40999, Lab.HOST, 80)) {
            throw Expect.fail(q, "203.0.113.9 can still connect to the published port, so this test does not count yet",
                    "first make the allowlist block outsiders (Q2).");
        }
    }

    @Test @Points(3) @DisplayName("Q1 the office network gets in")
    void q1() {
        Lab lab = lab();
        blocksOutsiders(lab, "Q1");
        Random r = new Random(1);
        for (int i = 0; i < 150; i++) {
            String c = i == 0 ? Lab.GATEWAY : insider(r);
            String dst = i % 3 == 2 ? Lab.WEB : Lab.HOST;
            if (!connects(lab, c, 20000 + i, dst, 80)) {
                throw Expect.fail("Q1", c + " (office) could not connect to " + dst + ":80",
                        "office sources must get through, and so must the container's replies to them.");
            }
        }
    }

    @Test @Points(3) @DisplayName("Q2 everyone else stays out")
    void q2() {
        Lab lab = lab();
        Random r = new Random(2);
        for (int i = 0; i < 200; i++) {
            String c = i == 0 ? Lab.LAN_CLIENT : outsider(r);
            String dst = i % 3 == 2 ? Lab.WEB : Lab.HOST;
            for (int attempt = 0; attempt < 2; attempt++) { // the SYN and its retransmission
                if (connects(lab, c, 30000 + i, dst, 80)) {
                    throw Expect.fail("Q2", c + " (not office) connected to " + dst + ":80"
                            + (attempt == 1 ? " on its retransmitted SYN" : ""),
                            "match on the input interface and the source; DOCKER-USER sees the packet after DNAT.");
                }
            }
        }
    }

    @Test @Points(2) @DisplayName("Q3 containers' own connections and their replies")
    void q3() {
        Lab lab = lab();
        blocksOutsiders(lab, "Q3");
        Random r = new Random(3);
        for (int i = 0; i < 150; i++) {
            String remote = i % 2 == 0 ? outsider(r) : insider(r);
            String from = i % 2 == 0 ? Lab.WEB : Lab.CACHE;
            int sport = 40000 + i;
            int dport = 1 + r.nextInt(65535);
            Trip syn = lab.fromContainer(Lab.syn(from, sport, remote, dport));
            if (syn.fate() != Fate.SENT) {
                throw Expect.fail("Q3", from + " -> " + remote + ":" + dport + ": the container's SYN was " + syn.summary(), "");
            }
            Trip reply = lab.fromLan(Lab.synAck(remote, dport, Ipv4.format(syn.out().source()), syn.out().sourcePort()));
            if (reply.fate() != Fate.SENT || !reply.outInterface().equals("docker0")) {
                throw Expect.fail("Q3", "the reply from " + remote + ":" + dport + " to " + from + " was " + reply.summary(),
                        "replies come in on eth0 from any source: let ESTABLISHED,RELATED packets through first.");
            }
        }
    }

    @Test @Points(2) @DisplayName("Q4 container to container, host to container")
    void q4() {
        Lab lab = lab();
        blocksOutsiders(lab, "Q4");
        for (int i = 0; i < 20; i++) {
            Trip t = lab.fromContainer(Lab.syn(Lab.CACHE, 45000 + i, Lab.WEB, 80 + i));
            if (t.fate() != Fate.SENT) throw Expect.fail("Q4", "cache -> web:" + (80 + i) + " was " + t.summary(), "");
            Trip h = lab.send(Lab.syn(Lab.BRIDGE, 46000 + i, Lab.WEB, 80));
            if (h.fate() != Fate.SENT) throw Expect.fail("Q4", "host -> web:80 was " + h.summary(), "");
        }
    }
}
