package dev.nflab.extensions;

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
 * {@code -j DNAT --to-destination IP[:PORT]} and {@code -j SNAT --to-source IP[:PORT]} (one
 * unit, as the kernel's xt_nat.c serves both): rewrite the destination or the source of a
 * connection's first packet; conntrack then applies the same rewrite to every later packet, and its
 * inverse to the replies. DNAT is valid in nat PREROUTING and OUTPUT, SNAT in POSTROUTING and INPUT.
 */
final class NatTarget implements Target {
    static final TargetExtension DNAT = new TargetExtension("DNAT", () -> new Parser(false));
    static final TargetExtension SNAT = new TargetExtension("SNAT", () -> new Parser(true));

    private final boolean source;
    private final NatRange range;

    NatTarget(boolean source, NatRange range) {
        this.source = source;
        this.range = range;
    }

    @Override public Verdict apply(PacketContext ctx) {
        ctx.requestNat(new NatRequest(source, range.addressLow(), range.addressHigh(), range.portLow(),
                range.portHigh()));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return source ? "SNAT" : "DNAT"; }

    @Override public String toSave() {
        return (source ? "-j SNAT --to-source " : "-j DNAT --to-destination ") + range;
    }

    @Override public String toListing(Dialect dialect) {
        return " to:" + range;
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public List<Hook> hooks() {
        return source ? List.of(Hook.POSTROUTING, Hook.INPUT) : List.of(Hook.PREROUTING, Hook.OUTPUT);
    }

    @Override public boolean needsConntrack() { return true; }

    private static final class Parser implements OptionParser<Target> {
        private final boolean source;
        private NatRange range;

        Parser(boolean source) { this.source = source; }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (o.equals("--random") || o.equals("--persistent") || o.equals("--random-fully")) {
                throw new ParameterProblem((source ? "SNAT" : "DNAT") + ": " + o + " is not modelled by nflab");
            }
            if (!o.equals(source ? "--to-source" : "--to-destination")) return false;
            if (range != null) {
                throw new ParameterProblem("Multiple --to-" + (source ? "source" : "destination") + " not supported");
            }
            String v = args.value(o);
            try {
                range = NatRange.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ParameterProblem("Bad IP address \"" + v + "\"");
            }
            return true;
        }

        @Override public Target build() throws ParameterProblem {
            if (range == null) throw new ParameterProblem("You must specify --to-" + (source ? "source" : "destination"));
            return new NatTarget(source, range);
        }
    }
}
