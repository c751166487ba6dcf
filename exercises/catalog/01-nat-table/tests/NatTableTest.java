package dev.nflab.exercises.e01;

import static dev.nflab.exercises.support.Lab.CACHE;
import static dev.nflab.exercises.support.Lab.GATEWAY;
import static dev.nflab.exercises.support.Lab.HOST;
import static dev.nflab.exercises.support.Lab.WEB;
import static dev.nflab.exercises.support.Lab.syn;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.netfilter.TableName;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The expected answers are the model's, on the rules real Docker 20.10 wrote for the seed. */
class NatTableTest {

    private static List<String> nat(Trip t) {
        return t.matched(TableName.NAT);
    }

    @Test @Points(2) @DisplayName("Q1 LAN SYN to the host's port 80")
    void q1() {
        Expect.sameRules("Q1", nat(Lab.seed().fromLan(syn(GATEWAY, 50000, HOST, 80))), NatTable.q1(),
                "172.31.37.164 is LOCAL, so PREROUTING jumps to DOCKER; which DOCKER rule then holds for eth0?");
    }

    @Test @Points(2) @DisplayName("Q2 LAN SYN to the host's port 22")
    void q2() {
        Expect.sameRules("Q2", nat(Lab.seed().fromLan(syn(GATEWAY, 50001, HOST, 22))), NatTable.q2(),
                "the jump happens for every LOCAL destination, whatever the port; the end of DOCKER returns.");
    }

    @Test @Points(2) @DisplayName("Q3 container SYN to the internet")
    void q3() {
        Expect.sameRules("Q3", nat(Lab.seed().fromContainer(syn(WEB, 40000, "93.184.216.34", 443))), NatTable.q3(),
                "is 93.184.216.34 LOCAL? Which interface does the packet leave by, and what is its source?");
    }

    @Test @Points(2) @DisplayName("Q4 host process to its own address :80")
    void q4() {
        Expect.sameRules("Q4", nat(Lab.seed().send(syn(HOST, 40001, HOST, 80))), NatTable.q4(),
                "a local packet meets nat OUTPUT, not PREROUTING; in OUTPUT there is no input interface.");
    }

    @Test @Points(2) @DisplayName("Q5 host process to 127.0.0.1:80")
    void q5() {
        Expect.sameRules("Q5", nat(Lab.seed().send(syn("127.0.0.1", 40002, "127.0.0.1", 80))), NatTable.q5(),
                "look at the destination part of OUTPUT#1; POSTROUTING#1 needs a source in 172.17.0.0/16.");
    }

    @Test @Points(2) @DisplayName("Q6 container to the published port by host IP")
    void q6() {
        Expect.sameRules("Q6", nat(Lab.seed().fromContainer(syn(CACHE, 40003, HOST, 80))), NatTable.q6(),
                "the packet comes in on docker0: read DOCKER#1 again.");
    }
}
