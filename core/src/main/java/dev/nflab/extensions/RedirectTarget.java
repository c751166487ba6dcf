package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.NatRequest;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code -j REDIRECT [--to-ports P[-P]]}: DNAT to the host itself: the incoming interface's
 * primary address in PREROUTING, 127.0.0.1 in OUTPUT.
 */
final class RedirectTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("REDIRECT", () -> new Parser());

    private final int portLow;
    private final int portHigh;

    RedirectTarget(int portLow, int portHigh) {
        this.portLow = portLow;
        this.portHigh = portHigh;
    }

    @Override public Verdict apply(PacketContext ctx) {
        int address;
        if (ctx.hook() == Hook.OUTPUT) {
            address = Ipv4.parse("127.0.0.1");
        } else if (ctx.in() != null && ctx.in().primaryIpv4() != null) {
            address = ctx.in().primaryIpv4().ipv4();
        } else {
            return Verdict.DROP;
        }
        ctx.requestNat(new NatRequest(false, address, address,
                portLow == 0 ? NatRequest.NO_PORT : portLow, portLow == 0 ? NatRequest.NO_PORT : portHigh));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return "REDIRECT"; }

    @Override public String toSave() {
        if (portLow == 0) return "-j REDIRECT";
        return "-j REDIRECT --to-ports " + (portLow == portHigh ? portLow : portLow + "-" + portHigh);
    }

    @Override public String toListing(Dialect dialect) {
        if (portLow == 0) return "";
        return " redir ports " + (portLow == portHigh ? portLow : portLow + "-" + portHigh);
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public boolean needsConntrack() { return true; }

    private static final class Parser implements OptionParser<Target> {
        private int[] ports = {0, 0};

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (o.equals("--random")) throw new ParameterProblem("REDIRECT: --random is not modelled by nflab");
            if (!o.equals("--to-ports")) return false;
            ports = MasqueradeTarget.toPorts(args.value(o));
            return true;
        }

        @Override public Target build() {
            return new RedirectTarget(ports[0], ports[1]);
        }
    }
}
