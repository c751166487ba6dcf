package dev.nflab.exercises.e16;

import dev.nflab.exercises.grader.Points;
import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Expect;
import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.kernel.Fate;
import dev.nflab.kernel.PacketResult;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.snapshot.Replay;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Expected: the model's replay of the real capture s3, whose paths the module's tests check
 * against the kernel's trace packet by packet.
 */
class DiagnosisTest {

    static List<PacketResult> dropped(Replay r) {
        return r.results().stream().filter(p -> p.fate() == Fate.DROPPED).toList();
    }

    @Test @Points(2) @DisplayName("Q1 whose packets were dropped")
    void q1() {
        TreeSet<String> sources = new TreeSet<>();
        for (PacketResult p : dropped(Captures.replay(Captures.S3_DOCKER_USER_ALLOWLIST))) sources.add(Ipv4.format(p.packet().source()));
        Expect.same("Q1", String.join(",", sources), Expect.answered(Diagnosis.q1(), "Q1").strip(),
                "follow the trace ids of the packets that never reach nat POSTROUTING.");
    }

    @Test @Points(3) @DisplayName("Q2 which rule dropped them")
    void q2() {
        TreeSet<String> rules = new TreeSet<>();
        for (PacketResult p : dropped(Captures.replay(Captures.S3_DOCKER_USER_ALLOWLIST))) {
            for (Step s : p.steps()) {
                if (s.kind() == Step.Kind.RULE && s.verdict() == Verdict.DROP) {
                    rules.add(s.table().lowerName() + ":" + s.chain() + "#" + s.ruleNumber());
                }
            }
        }
        Expect.same("Q2", String.join(",", rules), Expect.answered(Diagnosis.q2(), "Q2").strip(),
                "the TRACE line with a DROP verdict names the chain and prints the rule; count its position in the chain.");
    }

    @Test @Points(2) @DisplayName("Q3 how many packets were dropped")
    void q3() {
        Expect.same("Q3", dropped(Captures.replay(Captures.S3_DOCKER_USER_ALLOWLIST)).size(), Diagnosis.q3(),
                "TCP retransmits a SYN that got no answer.");
    }

    @Test @Points(3) @DisplayName("Q4 the fix")
    void q4() {
        List<String> fix = Expect.answered(Diagnosis.q4(), "Q4");
        Lab lab = Lab.capture(Captures.S3_DOCKER_USER_ALLOWLIST);
        List<String> drops = dropRules(lab);
        for (String c : fix) {
            String cmd = c.strip();
            if (cmd.startsWith("iptables ")) cmd = cmd.substring(9);
            if (cmd.matches(".*(^|\\s)-(P|F|X)(\\s|$).*")) {
                throw Expect.fail("Q4", "`" + c + "`: no policy changes or flushes, please", "add one precise rule.");
            }
            try {
                lab.iptables(cmd);
            } catch (IllegalArgumentException e) {
                throw Expect.fail("Q4", e.getMessage(), "check the command's syntax.");
            }
        }
        List<String> left = dropRules(lab);
        for (String d : drops) {
            Expect.isTrue(left.contains(d), "Q4", "your commands removed or replaced the rule `" + d + "`",
                    "the statement keeps the dropping rule in place: insert an exception before it instead.");
        }
        Trip ok = lab.fromLan(Lab.syn(Lab.LAN_CLIENT, 57100, Lab.HOST, 80));
        Expect.isTrue(ok.fate() == Fate.SENT && ok.outInterface().equals("docker0"), "Q4",
                "172.31.40.10's SYN is still " + ok.summary(), "the exception must come before the DROP in DOCKER-USER.");
        Random r = new Random(16);
        for (int i = 0; i < 200; i++) {
            int a = (r.nextInt() & 0xffff) | Ipv4.parse("172.31.0.0");
            String src = Ipv4.format(a);
            if (src.equals(Lab.LAN_CLIENT) || src.equals(Lab.GATEWAY) || src.equals(Lab.HOST)) continue;
            Trip t = lab.fromLan(Lab.syn(src, 20000 + i, Lab.HOST, 80));
            Expect.isTrue(t.fate() != Fate.SENT, "Q4", src + " now gets in too: " + t.summary(),
                    "let in 172.31.40.10 only (a /32), not a whole network.");
        }
    }

    /** The text of DOCKER-USER's DROP rules. */
    static List<String> dropRules(Lab lab) {
        List<String> list = new java.util.ArrayList<>();
        Chain c = lab.rules().table(TableName.FILTER).chain("DOCKER-USER");
        for (int i = 0; c != null && i < c.size(); i++) {
            String r = c.rule(i).toString();
            if (r.endsWith("-j DROP")) list.add(r);
        }
        return list;
    }
}
