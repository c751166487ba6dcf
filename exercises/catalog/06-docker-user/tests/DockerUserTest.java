package dev.nflab.exercises.e06;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.kernel.Fate;
import dev.nflab.netfilter.TableName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected: the model on fixture 03 (real Docker 20.10 rules) with the question's rule added. */
class DockerUserTest {

    static Trip trip(String rule) {
        return Lab.of(Lab.Fixture.TWO_CONTAINERS).iptables(rule).fromLan(Lab.syn(Lab.GATEWAY, 40001, Lab.HOST, 8080));
    }

    static void reaches(String q, String rule, Boolean got, String hint) {
        Trip t = trip(rule);
        boolean expected = t.fate() == Fate.SENT && t.outDestination().equals(Lab.WEB + ":80");
        Expect.same(q + " (" + rule + ")", expected, got, hint);
    }

    @Test @Points(2) @DisplayName("Q1 a DROP in INPUT")
    void q1() {
        reaches("Q1", "-I INPUT -p tcp --dport 8080 -j DROP", DockerUser.q1(),
                "after PREROUTING's DNAT the destination is 172.17.0.2: is that local?");
    }

    @Test @Points(2) @DisplayName("Q2 DOCKER-USER on the published port")
    void q2() {
        reaches("Q2", "-I DOCKER-USER -p tcp --dport 8080 -j DROP", DockerUser.q2(),
                "which port does the packet carry when it reaches FORWARD?");
    }

    @Test @Points(2) @DisplayName("Q3 DOCKER-USER on the container port")
    void q3() {
        reaches("Q3", "-I DOCKER-USER -p tcp --dport 80 -j DROP", DockerUser.q3(),
                "DNAT rewrote 8080 to 80 before the routing decision.");
    }

    @Test @Points(2) @DisplayName("Q4 DOCKER-USER on the host address")
    void q4() {
        reaches("Q4", "-I DOCKER-USER -d 172.31.37.164 -j DROP", DockerUser.q4(),
                "DNAT rewrote the destination address too.");
    }

    @Test @Points(2) @DisplayName("Q5 DOCKER-USER on the client's source")
    void q5() {
        reaches("Q5", "-I DOCKER-USER -i eth0 -s 172.31.32.0/24 -j DROP", DockerUser.q5(),
                "DNAT does not touch the source, nor the input interface.");
    }

    @Test @Points(2) @DisplayName("Q6 which rule drops it")
    void q6() {
        Expect.same("Q6", trip("-I DOCKER-USER -p tcp --dport 80 -j DROP").decision(TableName.FILTER),
                Expect.answered(DockerUser.q6(), "Q6").strip(), "-I puts the rule at the top of its chain.");
    }
}
