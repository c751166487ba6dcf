package dev.nflab.exercises.e05;

import dev.nflab.conntrack.CtState;
import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Learner;
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

/**
 * The model's Table.traverse is the reference (its counters are not part of the exercise). The
 * learner's Traversal runs in its sandbox: TraversalAdapter (adapter/) rebuilds the same table and
 * packets there from plain data and returns the learner's answers; they are compared here.
 */
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


    static PacketContext ctx(Host host, Packet p, Hook hook, String in, String out, CtState state) {
        PacketContext c = new PacketContext(host, p);
        c.setHook(hook);
        c.setInterfaces(in == null ? null : host.interfaceNamed(in), out == null ? null : host.interfaceNamed(out));
        c.setConnection(null, state, false);
        return c;
    }

    /** The fixture's lab with a br-1 bridge, after the commands: the same here and in the adapter. */
    static Lab lab(Lab.Fixture fixture, List<String> commands) {
        Lab lab = withBridge(Lab.of(fixture));
        for (String c : commands) lab.iptables(c);
        return lab;
    }

    @SuppressWarnings("unchecked")
    static void compare(String q, Lab.Fixture fixture, List<String> commands, Hook hook, long seed, int n, String hint) {
        Lab lab = lab(fixture, commands);
        Random r = new Random(seed);
        Table filter = lab.rules().table(TableName.FILTER);
        List<Object[]> cases = new ArrayList<>();
        List<List<Object>> wire = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean udp = r.nextInt(4) == 0;
            Packet p = udp ? Packet.udp(r.nextInt(), 1 + r.nextInt(65535), r.nextInt(), 53, 80)
                    : Packet.tcp(pick(r), 1024 + r.nextInt(60000), pick(r), r.nextBoolean() ? 80 : 1 + r.nextInt(1024), 2, 60);
            String in = hook == Hook.OUTPUT ? null : INS[r.nextInt(INS.length)];
            String out = hook == Hook.INPUT ? null : OUTS[r.nextInt(OUTS.length)];
            CtState st = r.nextInt(3) == 0 ? CtState.ESTABLISHED : CtState.NEW;
            cases.add(new Object[] {p, in, out, st});
            wire.add(java.util.Arrays.asList(udp ? "udp" : "tcp", p.source(), p.sourcePort(), p.destination(),
                    p.destinationPort(), in, out, st.name()));
        }
        List<String> answers = (List<String>) Learner.call(List.class, "dev.nflab.exercises.e05.TraversalAdapter",
                "traverse", fixture.name(), commands, hook.name(), wire);
        for (int i = 0; i < n; i++) {
            Packet p = (Packet) cases.get(i)[0];
            String in = (String) cases.get(i)[1];
            String out = (String) cases.get(i)[2];
            CtState st = (CtState) cases.get(i)[3];
            String e = model(filter, hook, ctx(lab.host(), p.copy(), hook, in, out, st));
            String g = i < answers.size() ? answers.get(i) : "(no answer)";
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
        compare("Q1", Lab.Fixture.SEED_NGINX, List.of(), Hook.FORWARD, 1, 400,
                "a RETURN in a user chain resumes the caller after the jump; the end of FORWARD applies its policy.");
    }

    @Test @Points(3) @DisplayName("Q2 RETURN in a built-in chain, nested jumps, LOG")
    void q2() {
        List<String> commands = List.of("-N A", "-N B",
                "-A INPUT -p udp -j RETURN",
                "-A INPUT -i eth0 -j LOG --log-prefix in:",
                "-A INPUT -i eth0 -j A",
                "-A INPUT -p tcp --dport 80 -j ACCEPT",
                "-A INPUT -j DROP",
                "-A A -s 172.31.32.1 -j B",
                "-A A -p tcp --dport 22 -j ACCEPT",
                "-A B -p tcp --dport 80 -j RETURN",
                "-A B -j DROP",
                "-P INPUT DROP");
        compare("Q2", Lab.Fixture.DAEMON_ONLY, commands, Hook.INPUT, 2, 400,
                "RETURN in a built-in chain applies its policy; LOG does not stop the traversal.");
    }

    @Test @Points(2) @DisplayName("Q3 goto (-g) and the end of user chains")
    void q3() {
        List<String> commands = List.of("-N G", "-N H",
                "-I DOCKER-USER -i eth0 -g G",
                "-A G -s 172.31.32.1 -j H",
                "-A G -p udp -j RETURN",
                "-A G -d 172.17.0.3 -j DROP",
                "-A H -p tcp --dport 80 -j RETURN");
        compare("Q3", Lab.Fixture.DAEMON_ONLY, commands, Hook.FORWARD, 3, 400,
                "after -g G, a RETURN (or the end) of G goes back to FORWARD, past the jump to DOCKER-USER.");
    }

    @Test @Points(2) @DisplayName("Q4 a DOCKER-USER allowlist, random packets")
    void q4() {
        List<String> commands = List.of("-I DOCKER-USER -i eth0 ! -s 172.31.32.0/24 -j DROP",
                "-I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN");
        compare("Q4", Lab.Fixture.SEED_NGINX, commands, Hook.FORWARD, 4, 600, "first match wins, then follow the verdict.");
    }
}
