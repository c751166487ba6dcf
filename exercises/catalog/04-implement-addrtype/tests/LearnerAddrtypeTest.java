package dev.nflab.exercises.e04;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Learner;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.iptables.Command;
import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The model's addrtype match (loaded as iptables loads it) and Host.addressType are the reference.
 * The learner's LearnerAddrtype runs in its sandbox, registered as {@code -m addrtype}: these
 * tests send it iptables text and packets through AddrtypeAdapter (adapter/) and compare what it
 * answers with the model's answers, computed here.
 */
class LearnerAddrtypeTest {
    static final String ADAPTER = "dev.nflab.exercises.e04.AddrtypeAdapter";

    @SuppressWarnings("unchecked")
    static <T> List<T> learner(String method, Object... args) {
        return (List<T>) Learner.call(List.class, ADAPTER, method, args);
    }

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
        List<Integer> all = addresses(seed, 4000);
        List<String> answers = learner("typeOf", flavour.name(), all);
        Expect.isTrue(answers.size() == all.size(), q, "typeOf answered " + answers.size() + " times for "
                + all.size() + " addresses", null);
        for (int i = 0; i < all.size(); i++) {
            int a = all.get(i);
            String expected = String.valueOf(host.addressType(a));
            String got = answers.get(i);
            if (!expected.equals(got)) {
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

    @Test @Points(3) @DisplayName("Q3 iptables rules -m addrtype with src/dst types and inversions")
    void q3() {
        Host host = Lab.seedHost(KernelFlavour.LINUX_6_X);
        dev.nflab.host.RouteType[] types = {null, dev.nflab.host.RouteType.LOCAL, dev.nflab.host.RouteType.BROADCAST,
                dev.nflab.host.RouteType.UNICAST};
        List<Integer> addrs = addresses(3, 60);
        for (dev.nflab.host.RouteType st : types) {
            for (dev.nflab.host.RouteType dt : types) {
                if (st == null && dt == null) continue; // iptables wants one of them
                for (int inv = 0; inv < 4; inv++) {
                    boolean si = (inv & 1) != 0 && st != null;
                    boolean di = (inv & 2) != 0 && dt != null;
                    List<String> spec = spec(st, si, dt, di);
                    Rule model = rule(spec);
                    List<String> answers = learner("matches", spec, addrs);
                    String text = String.join(" ", spec);
                    String saved = answers.isEmpty() ? null : answers.get(0);
                    if (!model.toSave().equals(saved)) {
                        throw Expect.fail("Q3", "`" + text + "` read back as " + saved + ", expected " + model.toSave(),
                                "the parser and toSave are given: keep them as they are.");
                    }
                    for (int i = 0; i + 1 < addrs.size(); i += 2) {
                        Packet p = Packet.tcp(addrs.get(i), 1000, addrs.get(i + 1), 80, 2, 60);
                        boolean e = model.matches(new PacketContext(host, p));
                        String g = i / 2 + 1 < answers.size() ? answers.get(i / 2 + 1) : null;
                        if (!String.valueOf(e).equals(g)) {
                            throw Expect.fail("Q3", "`" + text + "` on " + p + ": expected " + e + ", got " + g,
                                    "both options must hold when both are given; `!` inverts only its own option.");
                        }
                    }
                }
            }
        }
    }

    /** The iptables words {@code -m addrtype [!] --src-type ST [!] --dst-type DT}. */
    private static List<String> spec(dev.nflab.host.RouteType st, boolean si, dev.nflab.host.RouteType dt, boolean di) {
        List<String> words = new ArrayList<>(List.of("-m", "addrtype"));
        if (st != null) words.addAll(si ? List.of("!", "--src-type", st.name()) : List.of("--src-type", st.name()));
        if (dt != null) words.addAll(di ? List.of("!", "--dst-type", dt.name()) : List.of("--dst-type", dt.name()));
        return words;
    }

    /** The same words read by the model's own iptables (its own addrtype). */
    private static Rule rule(List<String> spec) {
        try {
            return Command.parse(spec, true).rule();
        } catch (IptablesException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test @Points(3) @DisplayName("Q4 the seed's rules read with your addrtype")
    void q4() {
        Random r = new Random(4);
        List<Packet> packets = new ArrayList<>();
        List<List<Object>> wire = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String dst = i % 3 == 0 ? Lab.HOST : i % 3 == 1 ? "172.17.0.1" : Ipv4.format(r.nextInt());
            int port = i % 2 == 0 ? 80 : 1 + r.nextInt(65535);
            Packet p = Lab.syn(Lab.GATEWAY, 40000 + i, dst, port);
            packets.add(p);
            wire.add(List.of(p.source(), p.sourcePort(), p.destination(), p.destinationPort()));
        }
        List<String> answers = learner("seedTrips", wire);
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            Trip e = Lab.seed().fromLan(p.copy());
            String expected = e.summary() + " " + e.matched();
            String got = i < answers.size() ? answers.get(i) : "(no answer)";
            if (!expected.equals(got)) {
                throw Expect.fail("Q4", p + ":\n  expected " + expected + "\n  got      " + got,
                        "nat PREROUTING#1 is -m addrtype --dst-type LOCAL -j DOCKER.");
            }
        }
    }
}
