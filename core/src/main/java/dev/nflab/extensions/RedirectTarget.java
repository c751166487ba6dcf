package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code -j REDIRECT [--to-ports P[-P]]}: DNAT to the host itself: the incoming interface's
 * primary address in PREROUTING, 127.0.0.1 in OUTPUT.
 */
final class RedirectTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("REDIRECT", () -> new Parser());

    private final ToPorts ports;
    private final NatFlags flags;

    RedirectTarget(ToPorts ports, NatFlags flags) {
        this.ports = ports;
        this.flags = flags;
    }

    /** --random (and for MASQUERADE --random-fully): the port is chosen at random. */
    NatFlags flags() { return flags; }

    @Override public Verdict apply(PacketContext ctx) {
        int address;
        if (ctx.hook() == Hook.OUTPUT) {
            address = Ipv4.parse("127.0.0.1");
        } else if (ctx.in() != null && ctx.in().primaryIpv4() != null) {
            address = ctx.in().primaryIpv4().ipv4();
        } else {
            return Verdict.DROP;
        }
        ctx.requestNat(ports.request(false, address, flags));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return "REDIRECT"; }

    @Override public String toSave() {
        return "-j REDIRECT" + ports.text(" --to-ports ") + flags.toSave();
    }

    @Override public String toListing(Dialect dialect) {
        return ports.text(" redir ports ") + flags.toListing();
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    /** xt_REDIRECT: nat PREROUTING and OUTPUT only. */
    @Override public List<Hook> hooks() { return List.of(Hook.PREROUTING, Hook.OUTPUT); }

    @Override public boolean needsConntrack() { return true; }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--to-ports", "--random");
        }

        private final NatFlags.Builder flags = new NatFlags.Builder("REDIRECT", true, false, false);
        private int[] ports;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (flags.parse(o)) return true;
            if (!o.equals("--to-ports")) return false;
            if (ports != null) throw new ParameterProblem("REDIRECT: option \"--to-ports\" can only be used once.");
            String v = args.value(o);
            // libxt_NAT: the protocol check comes before the ports are read
            NatRange.checkPortsAllowed(args);
            ports = NatRange.ports(v);
            return true;
        }

        @Override public Target build() {
            return new RedirectTarget(ports == null ? ToPorts.NONE : new ToPorts(ports[0], ports[1], true), flags.build());
        }
    }
}
