package dev.nflab.exercises.e07;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.netfilter.TableName;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model on the rules the Docker 20.10 model writes for two networks (no recording
 * of two networks exists; the module's tests check that model against the recorded fixtures).
 */
class IsolationTest {
    static final String SCRIPT = """
            dockerd
            docker network create --subnet 172.18.0.0/16 backend
            docker run -d --name web -p 80:80 web
            docker run -d --name db --network backend web
            """;
    static final String DB = "172.18.0.2";

    static Lab lab() {
        return Lab.docker(SCRIPT);
    }

    @Test @Points(2) @DisplayName("Q1 docker0 to the backend network")
    void q1() {
        Expect.same("Q1", lab().fromContainer(Lab.syn(Lab.WEB, 40001, DB, 5432)).decision(TableName.FILTER),
                Expect.answered(Isolation.q1(), "Q1").strip(), "STAGE-1 sends it to STAGE-2: which -o matches there?");
    }

    @Test @Points(2) @DisplayName("Q2 the backend network to docker0")
    void q2() {
        Expect.same("Q2", lab().fromContainer(Lab.syn(DB, 40001, Lab.WEB, 80)).decision(TableName.FILTER),
                Expect.answered(Isolation.q2(), "Q2").strip(), "in on the backend bridge, out on docker0.");
    }

    @Test @Points(2) @DisplayName("Q3 a container to the internet")
    void q3() {
        Trip t = lab().fromContainer(Lab.syn(Lab.WEB, 40001, "1.1.1.1", 443));
        Expect.sameRules("Q3", t.matched(TableName.FILTER).stream().filter(s -> s.contains("ISOLATION")).toList(),
                Isolation.q3(), "STAGE-2 is entered, none of its DROPs holds for eth0, it RETURNs.");
    }

    @Test @Points(2) @DisplayName("Q4 the LAN straight to the backend")
    void q4() {
        Expect.same("Q4", lab().fromLan(Lab.syn(Lab.LAN_CLIENT, 40001, DB, 5432)).decision(TableName.FILTER),
                Expect.answered(Isolation.q4(), "Q4").strip(), "the isolation chains only concern packets from a bridge.");
    }

    @Test @Points(2) @DisplayName("Q5 STAGE-2 on a one-network host")
    void q5() {
        // Many packets through the seed (one network): does STAGE-2#1 ever count one?
        Lab seed = Lab.seed();
        Random r = new Random(5);
        String[] from = {Lab.WEB, Lab.CACHE};
        for (int i = 0; i < 400; i++) {
            String dst = i % 3 == 0 ? Lab.WEB : i % 3 == 1 ? Lab.CACHE : "10." + r.nextInt(256) + ".0.1";
            if (i % 2 == 0) seed.fromContainer(Lab.syn(from[r.nextInt(2)], 30000 + i, dst, 80));
            else seed.fromLan(Lab.syn(Lab.LAN_CLIENT, 30000 + i, dst, 80));
        }
        long count = seed.rules().table(TableName.FILTER).chain("DOCKER-ISOLATION-STAGE-2").rule(0).counter().packets();
        Expect.same("Q5", count > 0, Isolation.q5(), "what do STAGE-1#1's -i docker0 ! -o docker0 and STAGE-2#1's -o docker0 say together?");
    }
}
