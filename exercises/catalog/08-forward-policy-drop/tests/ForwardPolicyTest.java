package dev.nflab.exercises.e08;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.kernel.Fate;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected: the model on the seed's real rules. */
class ForwardPolicyTest {

    static List<Trip> run(Lab lab) {
        List<Trip> trips = new ArrayList<>();
        trips.add(lab.fromLan(Lab.syn(Lab.LAN_CLIENT, 40006, Lab.WEB, 22)));
        trips.add(lab.fromLan(Lab.syn(Lab.LAN_CLIENT, 40005, Lab.WEB, 80)));
        trips.add(lab.fromLan(Lab.ping(Lab.LAN_CLIENT, Lab.WEB)));
        trips.add(lab.fromLan(Lab.syn(Lab.GATEWAY, 40000, "10.0.0.5", 443)));
        trips.add(lab.fromContainer(Lab.ping(Lab.WEB, "1.1.1.1")));
        trips.add(lab.fromLan(Lab.syn(Lab.GATEWAY, 50000, Lab.HOST, 80)));
        return trips;
    }

    static TreeSet<Integer> numbers(List<Trip> trips, java.util.function.Predicate<Trip> p) {
        TreeSet<Integer> s = new TreeSet<>();
        for (int i = 0; i < trips.size(); i++) if (p.test(trips.get(i))) s.add(i + 1);
        return s;
    }

    @Test @Points(4) @DisplayName("Q1 which packets the policy drops")
    void q1() {
        TreeSet<Integer> expected = numbers(run(Lab.seed()), t -> "filter:FORWARD:policy DROP".equals(t.decision(TableName.FILTER)));
        Expect.same("Q1", expected, new TreeSet<>(Expect.answered(ForwardPolicy.q1(), "Q1")),
                "FORWARD accepts only: ESTABLISHED replies to docker0, published container ports (DOCKER), and what comes from docker0.");
    }

    @Test @Points(3) @DisplayName("Q2 the policy counter")
    void q2() {
        Lab lab = Lab.seed();
        run(lab);
        Chain forward = lab.rules().table(TableName.FILTER).chain("FORWARD");
        String expected = forward.policyCounter().packets() + ":" + forward.policyCounter().bytes();
        Expect.same("Q2", expected, Expect.answered(ForwardPolicy.q2(), "Q2").strip(),
                "add up the IP lengths of the packets the policy dropped.");
    }

    @Test @Points(3) @DisplayName("Q3 with policy ACCEPT")
    void q3() {
        TreeSet<Integer> expected = numbers(run(Lab.seed().iptables("-P FORWARD ACCEPT")), t -> t.fate() == Fate.SENT);
        Expect.same("Q3", expected, new TreeSet<>(Expect.answered(ForwardPolicy.q3(), "Q3")),
                "with ip_forward on and nothing dropping, whatever has a route is forwarded.");
    }
}
