package dev.nflab.netfilter.target;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.NatRequest;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;

/** {@code -j SNAT --to-source IP[:PORT]}: rewrites a connection's source. nat POSTROUTING and INPUT. */
public final class SnatTarget implements Target {
    private final NatRange range;

    public SnatTarget(NatRange range) {
        this.range = range;
    }

    @Override public Verdict apply(PacketContext ctx) {
        ctx.requestNat(new NatRequest(true, range.addressLow(), range.addressHigh(), range.portLow(),
                range.portHigh()));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return "SNAT"; }

    @Override public String toSave() {
        return "-j SNAT --to-source " + range;
    }

    @Override public String toListing(Dialect dialect) {
        return " to:" + range;
    }

    @Override public String checkTable(TableName table, String chain) {
        if (table != TableName.NAT) return "Table does not support SNAT (only nat)";
        if (chain.equals("PREROUTING") || chain.equals("OUTPUT")) {
            return "SNAT is only valid in the POSTROUTING and INPUT chains";
        }
        return null;
    }
}
