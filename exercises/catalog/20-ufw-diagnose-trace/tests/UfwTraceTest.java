package dev.nflab.exercises.e20;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.kernel.Fate;
import dev.nflab.kernel.PacketResult;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.snapshot.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model's replays of the two real recordings whose traces this folder copies
 * (nft/ufw-deny-published, legacy/ufw-docker-user-route); the module's tests check each replay
 * against the kernel's trace packet by packet and its after.rules counter by counter, and that
 * the copies are the recordings' files.
 */
class UfwTraceTest {
    static final String A = Captures.UFW_DENY_PUBLISHED_NFT;
    static final String B = Captures.UFW_DOCKER_USER_ROUTE_LEGACY;

    static String ref(Step s) {
        return s.table().lowerName() + ":" + s.chain() + "#" + s.ruleNumber();
    }

    /** The replayed packets {@code from} sent, in order. */
    static List<PacketResult> sentBy(Replay r, String from) {
        List<PacketResult> list = new ArrayList<>();
        for (int i = 0; i < r.traffic().size(); i++) {
            if (Ipv4.format(r.traffic().get(i).packet().source()).equals(from)) list.add(r.results().get(i));
        }
        return list;
    }

    /** The filter rule whose ACCEPT ended the first packet's traversal of filter. */
    static String acceptedBy(String recording, String client) {
        for (Step s : sentBy(Captures.replay(recording), client).get(0).steps()) {
            if (s.kind() == Step.Kind.RULE && s.table() == TableName.FILTER && s.verdict() == Verdict.ACCEPT) return ref(s);
        }
        return "none";
    }

    static List<PacketResult> dropped(String recording) {
        return Captures.replay(recording).results().stream().filter(p -> p.fate() == Fate.DROPPED).toList();
    }

    /** The rule that dropped {@code p}, and the rule before it in another chain (the jump into it). */
    static String[] dropAndJump(PacketResult p) {
        List<Step> rules = p.steps().stream().filter(s -> s.kind() == Step.Kind.RULE).toList();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).verdict() != Verdict.DROP) continue;
            String jump = "none";
            for (int j = i - 1; j >= 0; j--) {
                if (!rules.get(j).chain().equals(rules.get(i).chain())) {
                    jump = ref(rules.get(j));
                    break;
                }
            }
            return new String[] {ref(rules.get(i)), jump};
        }
        return new String[] {"none", "none"};
    }

    static String strip(String s) {
        return s.strip();
    }

    @Test @Points(2) @DisplayName("Q1 A: the rule that accepted the SYN")
    void q1() {
        Expect.same("Q1", acceptedBy(A, Lab.GATEWAY), strip(Expect.answered(UfwTrace.q1(), "Q1")),
                "follow the SYN's trace id (DPORT=8080, then 80) into filter: the last TRACE line with an ACCEPT verdict; count the rule's position in its chain.");
    }

    @Test @Points(1) @DisplayName("Q2 A: how many packets filter let through")
    void q2() {
        long n = Captures.replay(A).results().stream().filter(p -> p.fate() == Fate.SENT).count();
        Expect.same("Q2", (int) n, Expect.answered(UfwTrace.q2(), "Q2"),
                "count the trace ids whose filter path ends with an ACCEPT, in both directions.");
    }

    @Test @Points(2) @DisplayName("Q3 A: the ufw chains the packets reached")
    void q3() {
        TreeSet<String> chains = new TreeSet<>();
        for (PacketResult p : Captures.replay(A).results()) {
            for (Step s : p.steps()) {
                if (s.kind() == Step.Kind.RULE && s.chain().startsWith("ufw-")) chains.add(s.chain());
            }
        }
        TreeSet<String> got = new TreeSet<>();
        for (String c : Expect.answered(UfwTrace.q3(), "Q3")) if (c != null) got.add(c.strip());
        Expect.same("Q3", chains, got, "list the chains the TRACE lines name; where are ufw's jumps in FORWARD and INPUT?");
    }

    @Test @Points(2) @DisplayName("Q4 B: the rule that accepted 172.31.32.1's SYN")
    void q4() {
        Expect.same("Q4", acceptedBy(B, Lab.GATEWAY), strip(Expect.answered(UfwTrace.q4(), "Q4")),
                "the legacy trace prints no verdict: take the SYN's last filter `rule:N` line and read that rule's target in the rules file.");
    }

    @Test @Points(1) @DisplayName("Q5 B: whose packets were dropped")
    void q5() {
        TreeSet<String> sources = new TreeSet<>();
        for (PacketResult p : dropped(B)) sources.add(Ipv4.format(p.packet().source()));
        Expect.same("Q5", String.join(",", sources), strip(Expect.answered(UfwTrace.q5(), "Q5")),
                "which client's packets never reach nat or mangle POSTROUTING?");
    }

    @Test @Points(2) @DisplayName("Q6 B: the rule that dropped them")
    void q6() {
        TreeSet<String> rules = new TreeSet<>();
        for (PacketResult p : dropped(B)) rules.add(dropAndJump(p)[0]);
        Expect.same("Q6", String.join(",", rules), strip(Expect.answered(UfwTrace.q6(), "Q6")),
                "the dropped packet's last TRACE line names the rule; check its target in the rules file.");
    }

    @Test @Points(2) @DisplayName("Q7 B: the jump into that chain")
    void q7() {
        TreeSet<String> rules = new TreeSet<>();
        for (PacketResult p : dropped(B)) rules.add(dropAndJump(p)[1]);
        Expect.same("Q7", String.join(",", rules), strip(Expect.answered(UfwTrace.q7(), "Q7")),
                "the TRACE line just before the packet enters that chain: which rule jumps there?");
    }

    @Test @Points(1) @DisplayName("Q8 B: the destination port at the dropping rule")
    void q8() {
        TreeSet<Integer> ports = new TreeSet<>();
        for (PacketResult p : dropped(B)) ports.add(p.packet().destinationPort());
        Expect.isTrue(ports.size() == 1, "Q8", "the recording's dropped packets had several ports: " + ports, "");
        Expect.same("Q8", ports.first(), Expect.answered(UfwTrace.q8(), "Q8"),
                "read DPT= on the TRACE line of filter; what did nat PREROUTING do to the packet before?");
    }

    @Test @Points(1) @DisplayName("Q9 B: how many packets were dropped")
    void q9() {
        Expect.same("Q9", dropped(B).size(), Expect.answered(UfwTrace.q9(), "Q9"),
                "TCP retransmits a SYN that got no answer.");
    }
}
