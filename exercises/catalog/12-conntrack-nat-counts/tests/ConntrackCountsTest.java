package dev.nflab.exercises.e12;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Counters;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model running the exchanges on the seed's real rules, and the model's replay of
 * the real capture s3 (which the module's tests check against the kernel's after.rules).
 */
class ConntrackCountsTest {

    static long counter(String name) {
        Lab lab = Lab.seed();
        lab.httpFromLan(Lab.GATEWAY, 51000, Lab.HOST, 80);
        lab.httpFromLan(Lab.LAN_CLIENT, 51001, Lab.HOST, 80);
        lab.httpFromLan("172.31.40.11", 51002, Lab.HOST, 80);
        return Counters.of(lab.rules()).get(name)[0];
    }

    @Test @Points(2) @DisplayName("Q1 the nat DOCKER jump")
    void q1() {
        Expect.same("Q1", counter("nat:PREROUTING#1"), ConntrackCounts.q1(), "how many packets of a connection does nat see?");
    }

    @Test @Points(2) @DisplayName("Q2 the filter DOCKER-USER jump")
    void q2() {
        Expect.same("Q2", counter("filter:FORWARD#1"), ConntrackCounts.q2(), "filter sees every forwarded packet, both ways.");
    }

    @Test @Points(2) @DisplayName("Q3 the ESTABLISHED rule")
    void q3() {
        Expect.same("Q3", counter("filter:FORWARD#3"), ConntrackCounts.q3(),
                "which packets go out docker0 (client to container), and which of those are not NEW?");
    }

    @Test @Points(2) @DisplayName("Q4 capture s3: the DNAT rule")
    void q4() {
        long e = Counters.of(Captures.replay(Captures.S3_DOCKER_USER_ALLOWLIST).rules()).get("nat:DOCKER#2")[0];
        Expect.same("Q4", e, ConntrackCounts.q4(), "count the connection attempts nat saw as NEW, retransmissions included.");
    }

    @Test @Points(2) @DisplayName("Q5 why")
    void q5() {
        Character got = Expect.answered(ConntrackCounts.q5(), "Q5");
        Expect.same("Q5", 'B', Character.toUpperCase(got), "when is a conntrack entry confirmed?");
    }
}
