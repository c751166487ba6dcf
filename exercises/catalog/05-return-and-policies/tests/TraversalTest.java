package dev.nflab.exercises.e05;

import dev.nflab.conntrack.CtState;
import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.host.Host;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.TraceListener;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The model's Table.traverse is the reference (its counters are not part of the exercise). */
class TraversalTest {
    static final String[] INS = {"eth0", "docker0", "lo", "br-1"};
    static final String[] OUTS = {"eth0", "docker0", "br-1"};

    /** The model's path and verdict, as the learner is asked to write them. */
    static String model(Table table, Hook hook, PacketContext ctx) {
        List<String> path = new ArrayList<>();
        Verdict v = table.traverse(hook, ctx, new TraceListener() {
            @Override public void rule(TableName t, Chain chain, int position, Rule rule, Verdict verdict,
                                       PacketContext p, boolean reported) {
                path.add(chain.name() + "#" + (position + 1));
            }

            @Override public void chainEnd(TableName t, Chain chain, PacketContext p, boolean reported) { }

            @Override public void policy(TableName t, Chain chain, Verdict policy, PacketContext p, boolean reported) {
                path.add(chain.name() + ":policy");
            }
        });
        return v + " " + path;
    }

    static String learner(Table table, Hook hook, PacketContext ctx) {
        List<String> path = new ArrayList<>();
        Verdict v = Traversal.traverse(table, hook, ctx, path);
        return v + " " + path;
    }

    static PacketContext ctx(Host host, Packet p, Hook hook, String in, String out, CtState state) {
        PacketContext c = new PacketContext(host, p);
        c.setHook(hook);
        c.setInterfaces(in == null ? null : host.interfaceNamed(in), out == null ? null : host.interfaceNamed(out));
        c.setConnection(null, state, false);
        return c;
    }

    static void compare(String q, Lab lab, Hook hook, long seed, int n, String hint) {
        Random r = new Random(seed);
        Table filter = lab.rules().table(TableName.FILTER);
        for (int i = 0; i < n; i++) {
            Packet p = r.nextInt(4) == 0 ? Packet.udp(r.nextInt(), 1 + r.nextInt(65535), r.nextInt(), 53, 80)
                    : Packet.tcp(pick(r), 1024 + r.nextInt(60000), pick(r), r.nextBoolean() ? 80 : 1 + r.nextInt(1024), 2, 60);
            String in = hook == Hook.OUTPUT ? null : INS[r.nextInt(INS.length)];
            String out = hook == Hook.INPUT ? null : OUTS[r.nextInt(OUTS.length)];
            CtState st = r.nextInt(3) == 0 ? CtState.ESTABLISHED : CtState.NEW;
            String e = model(filter, hook, ctx(lab.host(), p.copy(), hook, in, out, st));
            String g = learner(filter, hook, ctx(lab.host(), p.copy(), hook, in, out, st));
            if (!e.equals(g)) {
                throw Expect.fail(q, p + " in " + in + " out " + out + " " + st + "\n  expected: " + e + "\n  got:      " + g, hint);
            }
        }
    }

    static int pick(Random r) {
        String[] a = {"172.17.0.2", "172.17.0.3", "172.31.32.1", "172.31.40.10", "10.1.2.3", "172.18.0.2"};
        return r.nextInt(3) == 0 ? r.nextInt() : Ipv4.parse(a[r.nextInt(a.length)]);
    }

    static Lab withBridge(Lab lab) {
        if (lab.host().interfaceNamed("br-1") == null) {
            lab.host().addInterface("br-1", dev.nflab.host.InterfaceKind.BRIDGE);
        }
        return lab;
    }

    @Test @Points(3) @DisplayName("Q1 the seed's FORWARD chain")
    void q1() {
        compare("Q1", withBridge(Lab.seed()), Hook.FORWARD, 1, 400,
                "a RETURN in a user chain resumes the caller after the jump; the end of FORWARD applies its policy.");
    }

    @Test @Points(3) @DisplayName("Q2 RETURN in a built-in chain, nested jumps, LOG")
    void q2() {
        Lab lab = withBridge(Lab.of(Lab.Fixture.DAEMON_ONLY));
        lab.iptables("-N A").iptables("-N B")
                .iptables("-A INPUT -p udp -j RETURN")
                .iptables("-A INPUT -i eth0 -j LOG --log-prefix in:")
                .iptables("-A INPUT -i eth0 -j A")
                .iptables("-A INPUT -p tcp --dport 80 -j ACCEPT")
                .iptables("-A INPUT -j DROP")
                .iptables("-A A -s 172.31.32.1 -j B")
                .iptables("-A A -p tcp --dport 22 -j ACCEPT")
                .iptables("-A B -p tcp --dport 80 -j RETURN")
                .iptables("-A B -j DROP")
                .iptables("-P INPUT DROP");
        compare("Q2", lab, Hook.INPUT, 2, 400,
                "RETURN in a built-in chain applies its policy; LOG does not stop the traversal.");
    }

    @Test @Points(2) @DisplayName("Q3 goto (-g) and the end of user chains")
    void q3() {
        Lab lab = withBridge(Lab.of(Lab.Fixture.DAEMON_ONLY));
        lab.iptables("-N G").iptables("-N H")
                .iptables("-I DOCKER-USER -i eth0 -g G")
                .iptables("-A G -s 172.31.32.1 -j H")
                .iptables("-A G -p udp -j RETURN")
                .iptables("-A G -d 172.17.0.3 -j DROP")
                .iptables("-A H -p tcp --dport 80 -j RETURN");
        compare("Q3", lab, Hook.FORWARD, 3, 400,
                "after -g G, a RETURN (or the end) of G goes back to FORWARD, past the jump to DOCKER-USER.");
    }

    @Test @Points(2) @DisplayName("Q4 a DOCKER-USER allowlist, random packets")
    void q4() {
        Lab lab = withBridge(Lab.seed());
        lab.iptables("-I DOCKER-USER -i eth0 ! -s 172.31.32.0/24 -j DROP")
                .iptables("-I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN");
        compare("Q4", lab, Hook.FORWARD, 4, 600, "first match wins, then follow the verdict.");
    }
}
