package dev.nflab.exercises.e14;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.kernel.Fate;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.TableName;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected: the model on the Docker 20.10 model's rules (default and --icc=false). */
class BrNetfilterTest {
    static final String RUN = "docker run -d --name web -p 80:80 web\ndocker run -d --name cache web\n";

    static Trip c2c(String daemon) {
        return Lab.docker(daemon + "\n" + RUN).fromContainer(Lab.syn(Lab.CACHE, 40001, Lab.WEB, 80));
    }

    @Test @Points(2) @DisplayName("Q1 the hooks of a bridged packet")
    void q1() {
        List<String> got = Expect.answered(BrNetfilter.q1(), "Q1").stream().map(s -> s.strip().toUpperCase()).toList();
        Expect.same("Q1", c2c("dockerd").hooks(), got, "with bridge-nf-call-iptables=1 a bridged packet is 'forwarded'.");
    }

    @Test @Points(2) @DisplayName("Q2 the interfaces filter FORWARD sees")
    void q2() {
        Step s = c2c("dockerd").result().steps().stream()
                .filter(x -> x.kind() == Step.Kind.RULE && x.table() == TableName.FILTER).findFirst().orElseThrow();
        Expect.same("Q2", s.in() + " -> " + s.out(), Expect.answered(BrNetfilter.q2(), "Q2").strip().replaceAll("\\s+", " "),
                "-i and -o see the bridge, not the veth ports.");
    }

    @Test @Points(2) @DisplayName("Q3 what accepts it")
    void q3() {
        Expect.same("Q3", c2c("dockerd").decision(TableName.FILTER), Expect.answered(BrNetfilter.q3(), "Q3").strip(),
                "in docker0 and out docker0.");
    }

    @Test @Points(2) @DisplayName("Q4 with --icc=false")
    void q4() {
        Expect.same("Q4", c2c("dockerd --icc=false").decision(TableName.FILTER),
                Expect.answered(BrNetfilter.q4(), "Q4").strip(), "ICC off: Docker writes a DROP for -i docker0 -o docker0.");
    }

    @Test @Points(2) @DisplayName("Q5 with --icc=false, by the published port")
    void q5() {
        Trip t = Lab.docker("dockerd --icc=false\n" + RUN).fromContainer(Lab.syn(Lab.CACHE, 40002, Lab.HOST, 80));
        String who = t.fate() == Fate.DELIVERED ? "docker-proxy"
                : t.fate() == Fate.SENT && t.outDestination().equals(Lab.WEB + ":80") ? "container" : "nobody";
        Expect.same("Q5", who, Expect.answered(BrNetfilter.q5(), "Q5").strip(),
                "where does nat DOCKER send a packet that came in on docker0?");
    }
}
