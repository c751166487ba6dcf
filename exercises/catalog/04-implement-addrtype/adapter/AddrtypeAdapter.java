package dev.nflab.exercises.e04;

import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.extensions.Extensions;
import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.iptables.Command;
import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in the learner's sandbox, beside LearnerAddrtype: turns the tests' plain data into calls of
 * the learner's code and returns what it answered. It decides nothing: the tests compare. iptables
 * text loads the learner's class as {@code -m addrtype}, in place of the model's.
 */
public final class AddrtypeAdapter {
    private static final Extensions LEARNERS = Extensions.standard().with(LearnerAddrtype.EXTENSION);

    private AddrtypeAdapter() {}

    /** LearnerAddrtype.typeOf for each address, on the seed host of that kernel flavour. */
    public static List<String> typeOf(String flavour, List<Integer> addresses) {
        Host host = Lab.seedHost(flavour.equals(KernelFlavour.UBUNTU_FOCAL_5_X.name()) ? KernelFlavour.UBUNTU_FOCAL_5_X
                : KernelFlavour.LINUX_6_X);
        List<String> out = new ArrayList<>();
        for (int a : addresses) out.add(String.valueOf(LearnerAddrtype.typeOf(host, a)));
        return out;
    }

    /**
     * The rule {@code spec} (iptables words, such as {@code -m addrtype ! --src-type LOCAL}) read
     * with the learner's addrtype: as iptables-save prints it, then whether it matches TCP packets
     * from addresses[i] to addresses[i + 1].
     */
    public static List<String> matches(List<String> spec, List<Integer> addresses) {
        Host host = Lab.seedHost(KernelFlavour.LINUX_6_X);
        Rule rule;
        try {
            rule = Command.parse(spec, true, LEARNERS).rule();
        } catch (IptablesException e) {
            throw new IllegalArgumentException("iptables refused `" + String.join(" ", spec) + "': " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        out.add(rule.toSave());
        for (int i = 0; i + 1 < addresses.size(); i += 2) {
            Packet p = Packet.tcp(addresses.get(i), 1000, addresses.get(i + 1), 80, 2, 60);
            out.add(String.valueOf(rule.matches(new PacketContext(host, p))));
        }
        return out;
    }

    /** The seed's rules read with the learner's addrtype; each packet [src, sport, dst, dport] from the LAN. */
    public static List<String> seedTrips(List<List<Object>> packets) {
        List<String> out = new ArrayList<>();
        for (List<Object> f : packets) {
            Lab lab = Lab.seed(LEARNERS);
            Packet p = Packet.tcp((Integer) f.get(0), (Integer) f.get(1), (Integer) f.get(2), (Integer) f.get(3), 2, 60);
            Trip t = lab.fromLan(p);
            out.add(t.summary() + " " + t.matched());
        }
        return out;
    }
}
