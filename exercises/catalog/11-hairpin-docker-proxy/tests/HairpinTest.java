package dev.nflab.exercises.e11;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.kernel.Fate;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected: the model on the seed's real rules (userland proxy on, Docker's default). */
class HairpinTest {

    /** Who answers: the container when the SYN leaves for 172.17.0.2:80, docker-proxy when delivered locally on port 80. */
    static String who(Trip t) {
        if (t.fate() == Fate.SENT && t.outDestination().equals(Lab.WEB + ":80")) return "container";
        if (t.fate() == Fate.DELIVERED && t.out().destinationPort() == 80) return "docker-proxy";
        return t.summary();
    }

    static List<Trip> trips(Lab lab) {
        List<Trip> l = new ArrayList<>();
        l.add(lab.fromLan(Lab.syn(Lab.GATEWAY, 50000, Lab.HOST, 80)));
        l.add(lab.send(Lab.syn("127.0.0.1", 40002, "127.0.0.1", 80)));
        l.add(lab.send(Lab.syn(Lab.HOST, 40001, Lab.HOST, 80)));
        l.add(lab.fromContainer(Lab.syn(Lab.CACHE, 40003, Lab.HOST, 80)));
        l.add(lab.fromContainer(Lab.syn(Lab.WEB, 40004, Lab.HOST, 80)));
        l.add(lab.send(Lab.syn(Lab.BRIDGE, 41000, Lab.WEB, 80)));
        return l;
    }

    static void check(String q, int index, String got, String hint) {
        Expect.same(q, who(trips(Lab.seed()).get(index)), Expect.answered(got, q).strip(), hint);
    }

    @Test @Points(1) @DisplayName("Q1 from the LAN")
    void q1() {
        check("Q1", 0, Hairpin.q1(), "PREROUTING#1, then DOCKER: which rule holds for eth0?");
    }

    @Test @Points(2) @DisplayName("Q2 host to 127.0.0.1")
    void q2() {
        check("Q2", 1, Hairpin.q2(), "read the destination column of OUTPUT#1.");
    }

    @Test @Points(2) @DisplayName("Q3 host to its own address")
    void q3() {
        check("Q3", 2, Hairpin.q3(), "in OUTPUT there is no input interface: does `! -i docker0` hold?");
    }

    @Test @Points(2) @DisplayName("Q4 another container, by host IP")
    void q4() {
        check("Q4", 3, Hairpin.q4(), "the SYN comes in on docker0: DOCKER#1.");
    }

    @Test @Points(1) @DisplayName("Q5 the container to itself, by host IP")
    void q5() {
        check("Q5", 4, Hairpin.q5(), "same interface as Q4.");
    }

    @Test @Points(2) @DisplayName("Q6 docker-proxy's own connection")
    void q6() {
        Trip t = trips(Lab.seed()).get(5);
        Expect.same("Q6", Ipv4.format(t.out().source()), Expect.answered(Hairpin.q6(), "Q6").strip(),
                "POSTROUTING#1 needs ! -o docker0; is the source rewritten at all?");
    }

    @Test @Points(2) @DisplayName("Q7 does the hairpin rule match?")
    void q7() {
        boolean any = trips(Lab.seed()).stream().anyMatch(t -> t.matched().contains("nat:POSTROUTING#2"));
        Expect.same("Q7", any, Hairpin.q7(), "POSTROUTING#2 needs source and destination 172.17.0.2 after DNAT.");
    }
}
