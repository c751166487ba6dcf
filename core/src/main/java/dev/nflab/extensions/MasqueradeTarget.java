package dev.nflab.extensions;

import dev.nflab.host.Address;
import dev.nflab.host.NetworkInterface;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.NatRequest;
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

    private final int portLow;
    private final int portHigh;

    MasqueradeTarget(int portLow, int portHigh) {
        this.portLow = portLow;
        this.portHigh = portHigh;
    }

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
        ctx.requestNat(new NatRequest(true, address, address,
                portLow == 0 ? NatRequest.NO_PORT : portLow, portLow == 0 ? NatRequest.NO_PORT : portHigh));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return "MASQUERADE"; }

    @Override public String toSave() {
        if (portLow == 0) return "-j MASQUERADE";
        return "-j MASQUERADE --to-ports " + (portLow == portHigh ? portLow : portLow + "-" + portHigh);
    }

    @Override public String toListing(Dialect dialect) {
        if (portLow == 0) return "";
        return " masq ports: " + (portLow == portHigh ? portLow : portLow + "-" + portHigh);
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public List<Hook> hooks() { return List.of(Hook.POSTROUTING); }

    @Override public boolean needsConntrack() { return true; }

    /** {@code --to-ports P[-P]} as MASQUERADE and REDIRECT take it: {low, high}. */
    static int[] toPorts(String v) throws ParameterProblem {
        int dash = v.indexOf('-');
        int low = Services.port(dash < 0 ? v : v.substring(0, dash));
        int high = dash < 0 ? low : Services.port(v.substring(dash + 1));
        return new int[] {low, high};
    }

    private static final class Parser implements OptionParser<Target> {
        private int[] ports = {0, 0};

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (o.equals("--random")) throw new ParameterProblem("MASQUERADE: --random is not modelled by nflab");
            if (!o.equals("--to-ports")) return false;
            ports = toPorts(args.value(o));
            return true;
        }

        @Override public Target build() {
            return new MasqueradeTarget(ports[0], ports[1]);
        }
    }
}
