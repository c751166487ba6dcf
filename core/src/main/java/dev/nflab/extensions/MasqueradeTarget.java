package dev.nflab.extensions;

import dev.nflab.host.Address;
import dev.nflab.host.NetworkInterface;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -j MASQUERADE [--to-ports P[-P]]}: SNAT to the primary address of the interface the
 * packet leaves by, chosen on the connection's first packet. Valid in nat POSTROUTING.
 */
final class MasqueradeTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("MASQUERADE", () -> new Parser());

    private final ToPorts ports;
    private final NatFlags flags;

    MasqueradeTarget(ToPorts ports, NatFlags flags) {
        this.ports = ports;
        this.flags = flags;
    }

    /** --random (and for MASQUERADE --random-fully): the port is chosen at random. */
    NatFlags flags() { return flags; }

    @Override public Verdict apply(PacketContext ctx) {
        NetworkInterface out = ctx.out();
        if (out == null || out.primaryIpv4() == null) return Verdict.DROP; // no address to use
        // inet_select_addr: the address of `out` on the next hop's subnet, else its primary one.
        int destination = ctx.packet().destination();
        int gateway = ctx.host().route(destination).gateway();
        int nextHop = gateway != 0 ? gateway : destination;
        int address = out.primaryIpv4().ipv4();
        for (Address a : out.addresses()) {
            if (!a.inet6() && a.prefix().contains(nextHop)) {
                address = a.ipv4();
                break;
            }
        }
        ctx.requestNat(ports.request(true, address, flags));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return "MASQUERADE"; }

    @Override public String toSave() {
        return "-j MASQUERADE" + ports.text(" --to-ports ") + flags.toSave();
    }

    @Override public String toListing(Dialect dialect) {
        return ports.text(" masq ports: ") + flags.toListing();
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public List<Hook> hooks() { return List.of(Hook.POSTROUTING); }

    @Override public boolean needsConntrack() { return true; }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--to-ports", "--random", "--random-fully");
        }

        private final NatFlags.Builder flags = new NatFlags.Builder("MASQUERADE", true, true, false);
        private int[] ports;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (flags.parse(o)) return true;
            if (!o.equals("--to-ports")) return false;
            if (ports != null) throw new ParameterProblem("MASQUERADE: option \"--to-ports\" can only be used once.");
            String v = args.value(o);
            // libxt_NAT: the protocol check comes before the ports are read
            NatRange.checkPortsAllowed(args);
            ports = NatRange.ports(v);
            return true;
        }

        @Override public Target build() {
            return new MasqueradeTarget(ports == null ? ToPorts.NONE : new ToPorts(ports[0], ports[1], true), flags.build());
        }
    }
}
