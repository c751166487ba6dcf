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

/**
 * {@code -j DNAT --to-destination IP[:PORT]}: rewrites the destination of a connection's first
 * packet; conntrack then applies the same rewrite to every later packet, and its inverse to the
 * replies. Valid in nat PREROUTING and OUTPUT.
 */
public final class DnatTarget implements Target {
    private final NatRange range;

    public DnatTarget(NatRange range) {
        this.range = range;
    }

    public NatRange range() { return range; }

    @Override public Verdict apply(PacketContext ctx) {
        ctx.requestNat(new NatRequest(false, range.addressLow(), range.addressHigh(), range.portLow(),
                range.portHigh()));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return "DNAT"; }

    @Override public String toSave() {
        return "-j DNAT --to-destination " + range;
    }

    @Override public String toListing(Dialect dialect) {
        return " to:" + range;
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public List<Hook> hooks() { return List.of(Hook.PREROUTING, Hook.OUTPUT); }

    @Override public boolean needsConntrack() { return true; }
}
