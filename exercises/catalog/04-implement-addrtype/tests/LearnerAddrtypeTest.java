package dev.nflab.exercises.e04;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.StandardTarget;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.match.AddrtypeMatch;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The model's AddrtypeMatch and Host.addressType are the reference. */
class LearnerAddrtypeTest {
    static final List<String> CHOSEN = List.of("127.0.0.1", "127.8.9.10", "127.255.255.255", "127.0.0.0",
            "172.31.37.164", "172.17.0.1", "172.17.0.2", "172.17.255.255", "172.17.0.0", "172.31.47.255",
            "172.31.32.0", "172.31.32.1", "8.8.8.8", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255");

    private static List<Integer> addresses(long seed, int n) {
        List<Integer> list = new ArrayList<>();
        for (String s : CHOSEN) list.add(Ipv4.parse(s));
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            int a = r.nextInt();
            // half of them near the interesting prefixes
            switch (i % 4) {
                case 0 -> a = (a & 0x00ffffff) | (127 << 24);
                case 1 -> a = (a & 0x0000ffff) | Ipv4.parse("172.17.0.0");
                case 2 -> a = (a & 0x00000fff) | Ipv4.parse("172.31.32.0");
                default -> { }
            }
            list.add(a);
        }
        return list;
    }

    private static void typesAgree(String q, KernelFlavour flavour, long seed) {
        Host host = Lab.seedHost(flavour);
        for (int a : addresses(seed, 4000)) {
            RouteType expected = host.addressType(a);
            RouteType got = LearnerAddrtype.typeOf(host, a);
            if (expected != got) {
                throw Expect.fail(q, "typeOf(" + Ipv4.format(a) + "): expected " + expected + ", got " + got,
                        "the longest prefix in table local wins; without a local route: MULTICAST, BROADCAST or UNICAST.");
            }
        }
    }

    @Test @Points(3) @DisplayName("Q1 typeOf on the lab host (kernel 6.x)")
    void q1() {
        typesAgree("Q1", KernelFlavour.LINUX_6_X, 1);
    }

    @Test @Points(2) @DisplayName("Q2 typeOf on the seed VM (kernel 5.x)")
    void q2() {
        typesAgree("Q2", KernelFlavour.UBUNTU_FOCAL_5_X, 2);
    }

    @Test @Points(3) @DisplayName("Q3 matches with src/dst types and inversions")
    void q3() {
        Host host = Lab.seedHost(KernelFlavour.LINUX_6_X);
        RouteType[] types = {null, RouteType.LOCAL, RouteType.BROADCAST, RouteType.UNICAST};
        List<Integer> addrs = addresses(3, 60);
        for (RouteType st : types) {
            for (RouteType dt : types) {
                for (int inv = 0; inv < 4; inv++) {
                    boolean si = (inv & 1) != 0 && st != null;
                    boolean di = (inv & 2) != 0 && dt != null;
                    Match model = new AddrtypeMatch(st, si, dt, di);
                    Match learner = new LearnerAddrtype(st, si, dt, di);
                    for (int i = 0; i + 1 < addrs.size(); i += 2) {
                        Packet p = Packet.tcp(addrs.get(i), 1000, addrs.get(i + 1), 80, 2, 60);
                        PacketContext ctx = new PacketContext(host, p);
                        boolean e = model.matches(ctx);
                        boolean g = learner.matches(ctx);
                        if (e != g) {
                            throw Expect.fail("Q3", model.toSave() + " on " + p + ": expected " + e + ", got " + g,
                                    "both options must hold when both are given; `!` inverts only its own option.");
                        }
                    }
                }
            }
        }
    }

    @Test @Points(3) @DisplayName("Q4 the seed's nat table with your match in it")
    void q4() {
        Random r = new Random(4);
        for (int i = 0; i < 300; i++) {
            String dst = i % 3 == 0 ? Lab.HOST : i % 3 == 1 ? "172.17.0.1" : Ipv4.format(r.nextInt());
            int port = i % 2 == 0 ? 80 : 1 + r.nextInt(65535);
            Lab model = Lab.seed();
            Lab learner = Lab.seed();
            Rule rule = Rule.builder().match(new LearnerAddrtype(null, false, RouteType.LOCAL, false))
                    .target(StandardTarget.jump("DOCKER")).build();
            learner.rules().table(TableName.NAT).replace("PREROUTING", 1, rule);
            Packet p = Lab.syn(Lab.GATEWAY, 40000 + i, dst, port);
            Trip e = model.fromLan(p.copy());
            Trip g = learner.fromLan(p.copy());
            if (!e.summary().equals(g.summary()) || !e.matched().equals(g.matched())) {
                throw Expect.fail("Q4", p + ":\n  expected " + e.summary() + " " + e.matched() + "\n  got      "
                        + g.summary() + " " + g.matched(), "PREROUTING#1 is -m addrtype --dst-type LOCAL -j DOCKER.");
            }
        }
    }
}
