package dev.nflab.exercises.e13;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Counters;
import dev.nflab.exercises.support.Expect;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model's replay of the real capture s1; the module's tests check that this replay
 * reproduces the kernel's after.rules counter for counter, so the graded answer is the kernel's.
 */
class CounterDeltasTest {

    static Map<String, String> expected(Predicate<String> which) {
        Map<String, String> m = new TreeMap<>();
        Counters.text(Counters.of(Captures.replay(Captures.S1_EXTERNAL_CLIENT).rules())).forEach((k, v) -> {
            if (which.test(k)) m.put(k, v);
        });
        return m;
    }

    static void check(String q, Predicate<String> which, Map<String, String> got, String hint) {
        Expect.answered(got, q);
        Map<String, String> clean = new TreeMap<>();
        got.forEach((k, v) -> {
            if (v != null && !v.strip().equals("0:0")) clean.put(k.strip(), v.replace(" ", ""));
        });
        Expect.same(q, expected(which), clean, hint);
    }

    @Test @Points(3) @DisplayName("Q1 the nat table")
    void q1() {
        check("Q1", k -> k.startsWith("nat:"), CounterDeltas.q1(),
                "nat sees the connection's first packet only; which nat chains does the SYN traverse, and which rule ends each?");
    }

    @Test @Points(4) @DisplayName("Q2 filter FORWARD")
    void q2() {
        check("Q2", k -> k.startsWith("filter:FORWARD"), CounterDeltas.q2(),
                "split the 12 packets: 6 client->nginx (out docker0) and 6 nginx->client (in docker0); a jump rule counts too.");
    }

    @Test @Points(3) @DisplayName("Q3 filter's user chains")
    void q3() {
        check("Q3", k -> k.startsWith("filter:DOCKER"), CounterDeltas.q3(),
                "every packet visits DOCKER-USER and STAGE-1; only the in-docker0 ones visit STAGE-2.");
    }
}
