package dev.nflab.exercises.e03;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.netfilter.TableName;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expected answers: the model's addrtype on the seed's VM (kernel 5.x), whose local table the module's tests check against the walkthrough's listing. */
class AddressTypesTest {
    static final List<String> ALL = List.of("127.0.0.1", "127.8.9.10", "172.31.37.164", "172.17.0.1", "172.17.0.2",
            "172.31.32.1", "8.8.8.8", "172.17.255.255", "172.31.47.255", "172.17.0.0");

    private static Map<String, String> model(String... addresses) {
        Host host = Lab.seedHost(KernelFlavour.UBUNTU_FOCAL_5_X);
        Map<String, String> m = new TreeMap<>();
        for (String a : addresses) m.put(a, host.addressType(Ipv4.parse(a)).name());
        return m;
    }

    private static void check(String q, Map<String, String> expected, Map<String, String> got, String hint) {
        Expect.answered(got, q);
        Map<String, String> clean = new TreeMap<>();
        got.forEach((k, v) -> clean.put(k == null ? "null" : k.strip(), v == null ? "null" : v.strip().toUpperCase()));
        Expect.same(q, expected, clean, hint);
    }

    @Test @Points(2) @DisplayName("Q1 loopback addresses")
    void q1() {
        check("Q1", model("127.0.0.1", "127.8.9.10"), AddressTypes.q1(), "read the route `local 127.0.0.0/8`.");
    }

    @Test @Points(2) @DisplayName("Q2 the host's addresses")
    void q2() {
        check("Q2", model("172.31.37.164", "172.17.0.1"), AddressTypes.q2(),
                "every address configured on any interface gets a local route, docker0's too.");
    }

    @Test @Points(2) @DisplayName("Q3 addresses of other machines")
    void q3() {
        check("Q3", model("172.17.0.2", "172.31.32.1", "8.8.8.8"), AddressTypes.q3(),
                "an address with no route in table local is UNICAST to the addrtype match.");
    }

    @Test @Points(2) @DisplayName("Q4 broadcast addresses")
    void q4() {
        check("Q4", model("172.17.255.255", "172.31.47.255", "172.17.0.0"), AddressTypes.q4(),
                "look for `broadcast` lines; on this 5.x kernel the network address has one too.");
    }

    @Test @Points(2) @DisplayName("Q5 which destinations jump to nat DOCKER")
    void q5() {
        Lab lab = Lab.of(Lab.Fixture.SEED_NGINX, KernelFlavour.UBUNTU_FOCAL_5_X);
        TreeSet<String> expected = new TreeSet<>();
        for (String a : ALL) {
            if (lab.fromLan(Lab.syn(Lab.GATEWAY, 50000, a, 8443)).matched(TableName.NAT).contains("nat:PREROUTING#1")) {
                expected.add(a);
            }
        }
        List<String> got = Expect.answered(AddressTypes.q5(), "Q5");
        TreeSet<String> clean = new TreeSet<>();
        for (String s : new ArrayList<>(got)) clean.add(s == null ? "null" : s.strip());
        Expect.same("Q5", expected, clean, "the jump needs dst-type LOCAL, nothing else.");
    }
}
