package dev.nflab.netfilter.target;

import java.util.Set;
import java.util.List;
import java.util.EnumSet;
import dev.nflab.netfilter.Hook;
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

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public List<Hook> hooks() { return List.of(Hook.POSTROUTING, Hook.INPUT); }

    @Override public boolean needsConntrack() { return true; }
}
