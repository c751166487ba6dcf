package dev.nflab.exercises.e10;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Counters;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.snapshot.Replay;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model on the seed's real rules, and the model's replay of the real capture s2 (the
 * module's tests check that the replay gives the kernel's counters).
 */
class MasqueradeTest {

    static String norm(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    @Test @Points(2) @DisplayName("Q1 the container's SYN leaves")
    void q1() {
        String e = Lab.seed().fromContainer(Lab.syn(Lab.WEB, 45678, Lab.LAN_CLIENT, 7000)).summary();
        Expect.same("Q1", e, norm(Expect.answered(Masquerade.q1(), "Q1")),
                "MASQUERADE takes the address of the interface the packet leaves by, and keeps the port if it can.");
    }

    @Test @Points(2) @DisplayName("Q2 the reply comes back")
    void q2() {
        Lab lab = Lab.seed();
        lab.fromContainer(Lab.syn(Lab.WEB, 45678, Lab.LAN_CLIENT, 7000));
        String e = lab.fromLan(Lab.synAck(Lab.LAN_CLIENT, 7000, Lab.HOST, 45678)).summary();
        Expect.same("Q2", e, norm(Expect.answered(Masquerade.q2(), "Q2")),
                "the reply's destination is rewritten back by conntrack (de-masquerading), before routing.");
    }

    @Test @Points(2) @DisplayName("Q3 two containers, one source port")
    void q3() {
        Lab lab = Lab.seed();
        lab.fromContainer(Lab.syn(Lab.WEB, 45678, Lab.LAN_CLIENT, 7000));
        boolean same = lab.fromContainer(Lab.syn(Lab.CACHE, 45678, Lab.LAN_CLIENT, 7000)).out().sourcePort() == 45678;
        Expect.same("Q3", same, Masquerade.q3(), "two connections cannot share the same five-tuple after NAT.");
    }

    @Test @Points(4) @DisplayName("Q4 the nat counters of capture s2")
    void q4() {
        Replay replay = Captures.replay(Captures.S2_CONTAINER_TO_OUTSIDE);
        Map<String, Long> expected = new TreeMap<>();
        Counters.packets(Counters.of(replay.rules())).forEach((k, v) -> {
            if (k.startsWith("nat:")) expected.put(k, v);
        });
        Map<String, Long> got = new TreeMap<>();
        Expect.answered(Masquerade.q4(), "Q4").forEach((k, v) -> {
            if (v != null && v != 0) got.put(k.strip(), v);
        });
        Expect.same("Q4", expected, got, "nat sees one packet per connection: the first.");
    }
}
