package dev.nflab.exercises.e09;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected: the model on fixture 03 (real Docker 20.10 rules). */
class DnatTest {

    static Lab lab() {
        return Lab.of(Lab.Fixture.TWO_CONTAINERS);
    }

    static void check(String q, String expected, String got, String hint) {
        Expect.same(q, expected, Expect.answered(got, q).strip().replaceAll("\\s+", " "), hint);
    }

    @Test @Points(2) @DisplayName("Q1 the SYN to the published port")
    void q1() {
        check("Q1", lab().fromLan(Lab.syn(Lab.GATEWAY, 50000, Lab.HOST, 8080)).summary(), Dnat.q1(),
                "DNAT rewrites destination address and port; the source stays.");
    }

    @Test @Points(2) @DisplayName("Q2 the container's answer")
    void q2() {
        Lab lab = lab();
        lab.fromLan(Lab.syn(Lab.GATEWAY, 50000, Lab.HOST, 8080));
        check("Q2", lab.fromContainer(Lab.synAck(Lab.WEB, 80, Lab.GATEWAY, 50000)).summary(), Dnat.q2(),
                "conntrack applies the connection's NAT in reverse to the reply.");
    }

    @Test @Points(2) @DisplayName("Q3 a port published on 127.0.0.1 only")
    void q3() {
        check("Q3", lab().fromLan(Lab.syn(Lab.GATEWAY, 50002, Lab.HOST, 6379)).summary(), Dnat.q3(),
                "read the destination column of DOCKER#3.");
    }

    @Test @Points(2) @DisplayName("Q4 the host to 127.0.0.1:6379")
    void q4() {
        check("Q4", lab().send(Lab.syn("127.0.0.1", 40000, "127.0.0.1", 6379)).summary(), Dnat.q4(),
                "nat OUTPUT#1 is `! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER`.");
    }

    @Test @Points(2) @DisplayName("Q5 to docker0's address from the LAN")
    void q5() {
        check("Q5", lab().fromLan(Lab.syn(Lab.GATEWAY, 50003, "172.17.0.1", 8080)).summary(), Dnat.q5(),
                "which addresses are LOCAL? (exercise 03)");
    }
}
