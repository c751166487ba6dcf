package dev.nflab.netfilter.target;

import java.util.Set;
import java.util.EnumSet;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.NatRequest;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;

/**
 * {@code -j REDIRECT [--to-ports P]}: DNAT to the host itself: the incoming interface's primary
 * address in PREROUTING, 127.0.0.1 in OUTPUT.
 */
public final class RedirectTarget implements Target {
    private final int portLow;
    private final int portHigh;

    public RedirectTarget(int portLow, int portHigh) {
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
        ctx.requestNat(new NatRequest(false, address, address, portLow, portHigh));
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
}
