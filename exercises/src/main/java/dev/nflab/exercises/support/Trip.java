package dev.nflab.exercises.support;

import dev.nflab.kernel.Fate;
import dev.nflab.kernel.PacketResult;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * One packet's trip through the model, with the views the exercises ask about. Rules are named
 * {@code table:CHAIN#N} ({@code nat:PREROUTING#1}, {@code filter:DOCKER-USER#2}), numbered as
 * {@code iptables -L --line-numbers} numbers them; a policy is {@code table:CHAIN:policy}.
 */
public record Trip(Packet sent, PacketResult result) {

    public Fate fate() { return result.fate(); }

    /** The packet as it left the model (after NAT). */
    public Packet out() { return result.packet(); }

    public String outInterface() { return result.outInterface(); }

    /** Every rule that matched (its counter counted the packet), in order, in every table. */
    public List<String> matched() {
        List<String> list = new ArrayList<>();
        for (Step s : result.steps()) {
            if (s.kind() == Step.Kind.RULE) list.add(ref(s));
        }
        return list;
    }

    /** The rules that matched in one table. */
    public List<String> matched(TableName table) {
        List<String> list = new ArrayList<>();
        for (Step s : result.steps()) {
            if (s.kind() == Step.Kind.RULE && s.table() == table) list.add(ref(s));
        }
        return list;
    }

    /**
     * What decided in {@code table}: the rule whose verdict ended the traversal
     * ({@code filter:DOCKER#1 ACCEPT}) or the policy ({@code filter:FORWARD:policy DROP}); null when
     * the packet did not traverse the table.
     */
    public String decision(TableName table) {
        String last = null;
        for (Step s : result.steps()) {
            if (s.table() != table) continue;
            if (s.kind() == Step.Kind.RULE && (s.verdict() == Verdict.ACCEPT || s.verdict() == Verdict.DROP)) {
                last = ref(s) + " " + s.verdict();
            } else if (s.kind() == Step.Kind.POLICY) {
                last = table.lowerName() + ":" + s.chain() + ":policy " + s.verdict();
            }
        }
        return last;
    }

    /** The hooks the packet went through, in order, without repeats (PREROUTING, FORWARD, ...). */
    public List<String> hooks() {
        List<String> list = new ArrayList<>();
        for (Step s : result.steps()) {
            if (s.hook() == null) continue;
            String h = s.hook().name();
            if (list.isEmpty() || !list.get(list.size() - 1).equals(h)) list.add(h);
        }
        return list;
    }

    /** {@code 172.17.0.2:80} for the packet as it left. */
    public String outDestination() {
        return endpoint(out().destination(), out().destinationPort());
    }

    public String outSource() {
        return endpoint(out().source(), out().sourcePort());
    }

    /**
     * What became of the packet, in one line: {@code 172.31.32.1:50000 > 172.17.0.2:80 via docker0}
     * when it left by an interface (addresses as it left, after NAT), {@code ... delivered} when a
     * local socket got it, {@code dropped} or {@code not routed}.
     */
    public String summary() {
        return switch (fate()) {
            case SENT -> outSource() + " > " + outDestination() + " via " + outInterface();
            case DELIVERED -> outSource() + " > " + outDestination() + " delivered";
            case DROPPED -> "dropped";
            case NOT_ROUTED -> "not routed";
        };
    }

    public static String endpoint(int address, int port) {
        return Ipv4.format(address) + ":" + port;
    }

    static String ref(Step s) {
        return s.table().lowerName() + ":" + s.chain() + "#" + s.ruleNumber();
    }

    @Override public String toString() {
        return sent + " -> " + fate() + (outInterface() == null || outInterface().isEmpty() ? "" : " via " + outInterface())
                + " " + matched();
    }
}
