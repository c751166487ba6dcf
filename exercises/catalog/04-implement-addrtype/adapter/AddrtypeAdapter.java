package dev.nflab.exercises.e04;

import dev.nflab.exercises.support.Lab;
import dev.nflab.exercises.support.Trip;
import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.StandardTarget;
import dev.nflab.netfilter.TableName;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs in the learner's sandbox, beside LearnerAddrtype: turns the tests' plain data into calls of
 * the learner's code and returns what it answered. It decides nothing: the tests compare.
 */
public final class AddrtypeAdapter {
    private AddrtypeAdapter() {}

    /** LearnerAddrtype.typeOf for each address, on the seed host of that kernel flavour. */
    public static List<String> typeOf(String flavour, List<Integer> addresses) {
        Host host = Lab.seedHost(flavour.equals(KernelFlavour.UBUNTU_FOCAL_5_X.name()) ? KernelFlavour.UBUNTU_FOCAL_5_X
                : KernelFlavour.LINUX_6_X);
        List<String> out = new ArrayList<>();
        for (int a : addresses) out.add(String.valueOf(LearnerAddrtype.typeOf(host, a)));
        return out;
    }

    /** LearnerAddrtype(st, si, dt, di).matches on TCP packets from addresses[i] to addresses[i + 1]. */
    public static List<Boolean> matches(String st, Boolean si, String dt, Boolean di, List<Integer> addresses) {
        Host host = Lab.seedHost(KernelFlavour.LINUX_6_X);
        LearnerAddrtype m = new LearnerAddrtype(type(st), si, type(dt), di);
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i + 1 < addresses.size(); i += 2) {
            Packet p = Packet.tcp(addresses.get(i), 1000, addresses.get(i + 1), 80, 2, 60);
            out.add(m.matches(new PacketContext(host, p)));
        }
        return out;
    }

    /** The seed with LearnerAddrtype in nat PREROUTING#1; each packet [src, sport, dst, dport] from the LAN. */
    public static List<String> seedTrips(List<List<Object>> packets) {
        List<String> out = new ArrayList<>();
        for (List<Object> f : packets) {
            Lab lab = Lab.seed();
            Rule rule = Rule.builder().match(new LearnerAddrtype(null, false, RouteType.LOCAL, false))
                    .target(StandardTarget.jump("DOCKER")).build();
            lab.rules().table(TableName.NAT).replace("PREROUTING", 1, rule);
            Packet p = Packet.tcp((Integer) f.get(0), (Integer) f.get(1), (Integer) f.get(2), (Integer) f.get(3), 2, 60);
            Trip t = lab.fromLan(p);
            out.add(t.summary() + " " + t.matched());
        }
        return out;
    }

    private static RouteType type(String s) {
        return s == null ? null : RouteType.valueOf(s);
    }
}
