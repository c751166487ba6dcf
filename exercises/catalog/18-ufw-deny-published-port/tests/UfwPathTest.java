package dev.nflab.exercises.e18;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Counters;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.iptables.IptablesException;
import dev.nflab.kernel.Fate;
import dev.nflab.kernel.PacketResult;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.snapshot.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model's replay of the lab's real recordings (nf_tables) of ufw-deny-published and
 * ufw-deny-host-port; the module's tests check that each replay gives the kernel's after.rules
 * counter for counter and the kernel's trace packet by packet, on both back ends.
 */
class UfwPathTest {

    /** The counters the recorded traffic moved, as "packets:bytes", of the tables/chains {@code prefix} names. */
    static Map<String, String> moved(String recording, String prefix) {
        Replay r = Captures.replay(recording);
        Map<String, long[]> before;
        try {
            before = Counters.of(r.snapshot().beforeRules());
        } catch (IptablesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Map<String, String> m = new TreeMap<>();
        Counters.text(Counters.delta(before, Counters.of(r.rules()))).forEach((k, v) -> {
            if (k.startsWith(prefix)) m.put(k, v);
        });
        return m;
    }

    /** The replayed packet the peer sent first (its SYN). */
    static PacketResult peersSyn(Replay r) {
        for (int i = 0; i < r.traffic().size(); i++) {
            if (Ipv4.format(r.traffic().get(i).packet().source()).equals(Lab.GATEWAY)) return r.results().get(i);
        }
        throw new IllegalStateException(r.snapshot().dir() + ": no packet of the peer's");
    }

    static Map<String, String> clean(Map<String, String> got) {
        Map<String, String> m = new TreeMap<>();
        got.forEach((k, v) -> {
            if (k != null && v != null && !v.strip().equals("0:0")) m.put(k.strip(), v.replace(" ", ""));
        });
        return m;
    }

    static TreeSet<String> set(List<String> got) {
        TreeSet<String> s = new TreeSet<>();
        for (String g : got) if (g != null) s.add(g.strip());
        return s;
    }

    @Test @Points(2) @DisplayName("Q1 published port: the nat counters")
    void q1() {
        Map<String, String> got = Expect.answered(UfwPath.q1(), "Q1");
        Expect.same("Q1", moved(Captures.UFW_DENY_PUBLISHED_NFT, "nat:"), clean(got),
                "nat sees a connection's first packet only; where does nat PREROUTING send a packet for a local address, and what rewrites it?");
    }

    @Test @Points(3) @DisplayName("Q2 published port: the SYN's path in filter")
    void q2() {
        List<String> expected = new ArrayList<>();
        for (Step s : peersSyn(Captures.replay(Captures.UFW_DENY_PUBLISHED_NFT)).steps()) {
            if (s.kind() == Step.Kind.RULE && s.table() == TableName.FILTER) {
                expected.add("filter:" + s.chain() + "#" + s.ruleNumber());
            }
        }
        Expect.sameRules("Q2", expected, Expect.answered(UfwPath.q2(), "Q2"),
                "after DNAT the SYN is for 172.17.0.2, which is not the host: which filter chain do routed packets go through, and which of its rules come first?");
    }

    @Test @Points(2) @DisplayName("Q3 published port: the ufw rules that counted")
    void q3() {
        TreeSet<String> expected = new TreeSet<>(moved(Captures.UFW_DENY_PUBLISHED_NFT, "filter:ufw-").keySet());
        Expect.same("Q3", expected, set(Expect.answered(UfwPath.q3(), "Q3")),
                "look at where FORWARD jumps to ufw's chains, and which earlier rule decides every packet of this connection.");
    }

    @Test @Points(1) @DisplayName("Q4 published port: did the peer get the page")
    void q4() {
        boolean page = false;
        for (PacketResult p : Captures.replay(Captures.UFW_DENY_PUBLISHED_NFT).results()) {
            // a data segment forwarded out eth0 to the peer: nginx's answer got through
            if (p.fate() == Fate.SENT && "eth0".equals(p.outInterface()) && p.packet().length() > 60
                    && Ipv4.format(p.packet().destination()).equals(Lab.GATEWAY)) {
                page = true;
            }
        }
        Expect.same("Q4", page, Expect.answered(UfwPath.q4(), "Q4"),
                "which verdict ends the SYN's traversal of filter, and does anything later stop the reply?");
    }

    @Test @Points(2) @DisplayName("Q5 host port: the rule that dropped the SYN")
    void q5() {
        TreeSet<String> rules = new TreeSet<>();
        for (PacketResult p : Captures.replay(Captures.UFW_DENY_HOST_PORT_NFT).results()) {
            if (p.fate() != Fate.DROPPED) continue;
            for (Step s : p.steps()) {
                if (s.kind() == Step.Kind.RULE && s.verdict() == Verdict.DROP) {
                    rules.add(s.table().lowerName() + ":" + s.chain() + "#" + s.ruleNumber());
                }
            }
        }
        Expect.same("Q5", String.join(",", rules), Expect.answered(UfwPath.q5(), "Q5").strip(),
                "a SYN for a local address goes through filter INPUT; follow its jumps into ufw's chains to the rule `ufw deny 9000` wrote.");
    }

    @Test @Points(2) @DisplayName("Q6 host port: the nat counters")
    void q6() {
        Map<String, String> got = Expect.answered(UfwPath.q6(), "Q6");
        Expect.same("Q6", moved(Captures.UFW_DENY_HOST_PORT_NFT, "nat:"), clean(got),
                "no DOCKER rule matches port 9000; and a connection whose SYN was dropped was never confirmed: what is its retransmission to nat?");
    }

    @Test @Points(1) @DisplayName("Q7 host port: INPUT or FORWARD")
    void q7() {
        TreeSet<String> hooks = new TreeSet<>();
        for (Step s : peersSyn(Captures.replay(Captures.UFW_DENY_HOST_PORT_NFT)).steps()) {
            if (s.table() == TableName.FILTER && s.hook() != null) hooks.add(s.hook().name());
        }
        Expect.same("Q7", String.join(",", hooks), Expect.answered(UfwPath.q7(), "Q7").strip().toUpperCase(),
                "is 172.31.37.164:9000 the host's own address after nat PREROUTING?");
    }
}
