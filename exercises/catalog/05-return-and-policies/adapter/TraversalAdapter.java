package dev.nflab.exercises.e05;

import dev.nflab.conntrack.CtState;
import dev.nflab.exercises.support.Lab;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in the learner's sandbox, beside Traversal: rebuilds the tests' filter table and packets
 * from plain data, runs the learner's traversal and returns "VERDICT [path]" for each packet. It
 * decides nothing: the tests compare with the model's traversal.
 */
public final class TraversalAdapter {
    private TraversalAdapter() {}

    /**
     * The fixture's filter table after {@code commands}, at {@code hook}; each packet is
     * [protocol, src, sport, dst, dport, in or null, out or null, conntrack state].
     */
    public static List<String> traverse(String fixture, List<String> commands, String hook, List<List<Object>> packets) {
        Lab lab = Lab.of(Lab.Fixture.valueOf(fixture));
        if (lab.host().interfaceNamed("br-1") == null) lab.host().addInterface("br-1", InterfaceKind.BRIDGE);
        for (String c : commands) lab.iptables(c);
        Table filter = lab.rules().table(TableName.FILTER);
        Hook h = Hook.valueOf(hook);
        List<String> out = new ArrayList<>();
        for (List<Object> f : packets) {
            Packet p = f.get(0).equals("udp")
                    ? Packet.udp((Integer) f.get(1), (Integer) f.get(2), (Integer) f.get(3), (Integer) f.get(4), 80)
                    : Packet.tcp((Integer) f.get(1), (Integer) f.get(2), (Integer) f.get(3), (Integer) f.get(4), 2, 60);
            Host host = lab.host();
            PacketContext c = new PacketContext(host, p);
            c.setHook(h);
            String in = (String) f.get(5);
            String o = (String) f.get(6);
            c.setInterfaces(in == null ? null : host.interfaceNamed(in), o == null ? null : host.interfaceNamed(o));
            c.setConnection(null, CtState.valueOf((String) f.get(7)), false);
            List<String> path = new ArrayList<>();
            Verdict v = Traversal.traverse(filter, h, c, path);
            out.add(v + " " + path);
        }
        return out;
    }
}
