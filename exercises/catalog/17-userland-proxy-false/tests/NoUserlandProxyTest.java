package dev.nflab.exercises.e17;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.netfilter.TableName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model on the rules the Docker 20.10 model writes with --userland-proxy=false (no
 * recording of that daemon option exists yet; the lab's hairpin-no-proxy scenario will record one).
 */
class NoUserlandProxyTest {
    static final String SCRIPT = """
            dockerd --userland-proxy=false
            docker run -d --name nginx -p 80:80 web
            docker run -d --name cache web
            """;

    static Lab lab() {
        return Lab.docker(SCRIPT);
    }

    static void check(String q, Trip t, String got, String hint) {
        Expect.same(q, t.summary(), Expect.answered(got, q).strip().replaceAll("\\s+", " "), hint);
    }

    @Test @Points(2) @DisplayName("Q1 host to 127.0.0.1:80")
    void q1() {
        check("Q1", lab().send(Lab.syn("127.0.0.1", 40000, "127.0.0.1", 80)), NoUserlandProxy.q1(),
                "OUTPUT#1 no longer excludes 127.0.0.0/8; a source of 127.0.0.1 cannot stay on docker0.");
    }

    @Test @Points(2) @DisplayName("Q2 another container by host IP")
    void q2() {
        check("Q2", lab().fromContainer(Lab.syn(Lab.CACHE, 40001, Lab.HOST, 80)), NoUserlandProxy.q2(),
                "there is no RETURN for docker0 any more; is 172.17.0.3 a LOCAL source?");
    }

    @Test @Points(2) @DisplayName("Q3 the container to itself by host IP")
    void q3() {
        check("Q3", lab().fromContainer(Lab.syn(Lab.WEB, 40002, Lab.HOST, 80)), NoUserlandProxy.q3(),
                "after DNAT, source and destination are both 172.17.0.2: POSTROUTING#3.");
    }

    @Test @Points(2) @DisplayName("Q4 host to its own address")
    void q4() {
        check("Q4", lab().send(Lab.syn(Lab.HOST, 40003, Lab.HOST, 80)), NoUserlandProxy.q4(),
                "172.31.37.164 is a LOCAL source leaving by docker0.");
    }

    @Test @Points(2) @DisplayName("Q5 the hairpin's nat rules")
    void q5() {
        Expect.sameRules("Q5", lab().fromContainer(Lab.syn(Lab.WEB, 40002, Lab.HOST, 80)).matched(TableName.NAT),
                NoUserlandProxy.q5(), "PREROUTING, DOCKER, then POSTROUTING: which of its three rules comes first?");
    }
}
