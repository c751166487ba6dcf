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
    private final NatFlags flags;

    NatTarget(boolean source, NatRange range, NatFlags flags) {
        this.source = source;
        this.range = range;
        this.flags = flags;
    }

    @Override public Verdict apply(PacketContext ctx) {
        ctx.requestNat(new NatRequest(source, range.addressLow(), range.addressHigh(),
                range.hasPorts() ? range.portLow() : NatRequest.NO_PORT,
                range.hasPorts() ? range.portHigh() : NatRequest.NO_PORT, flags.randomPort()));
        return Verdict.ACCEPT;
    }

    @Override public String name() { return source ? "SNAT" : "DNAT"; }

    /** --random, --random-fully, --persistent: how the kernel picks the address and port. */
    NatFlags flags() { return flags; }

    @Override public String toSave() {
        return (source ? "-j SNAT --to-source " : "-j DNAT --to-destination ") + range + flags.toSave();
    }

    @Override public String toListing(Dialect dialect) {
        return " to:" + range + flags.toListing();
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.NAT); }

    @Override public List<Hook> hooks() {
        return source ? List.of(Hook.POSTROUTING, Hook.INPUT) : List.of(Hook.PREROUTING, Hook.OUTPUT);
    }

    @Override public boolean needsConntrack() { return true; }

    private static final class Parser implements OptionParser<Target> {
        private final boolean source;
        private final NatFlags.Builder flags;
        private NatRange range;

        Parser(boolean source) {
            this.source = source;
            // libxt_NAT: SNAT takes --random, --random-fully and --persistent; DNAT no --random-fully
            this.flags = source ? new NatFlags.Builder("SNAT", true, true, true)
                    : new NatFlags.Builder("DNAT", true, false, true);
        }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (flags.parse(o)) return true;
            String option = source ? "--to-source" : "--to-destination";
            if (!o.equals(option)) return false;
            if (range != null) {
                throw new ParameterProblem(name() + ": option \"" + option + "\" can only be used once.");
            }
            range = NatRange.parse(args.value(o), args);
            return true;
        }

        private String name() { return source ? "SNAT" : "DNAT"; }

        @Override public java.util.List<String> options() {
            return source ? java.util.List.of("--to-source", "--random", "--random-fully", "--persistent")
                    : java.util.List.of("--to-destination", "--random", "--persistent");
        }

        @Override public Target build() throws ParameterProblem {
            if (range == null) {
                throw new ParameterProblem(name() + ": option \"--to-" + (source ? "source" : "destination")
                        + "\" must be specified");
            }
            return new NatTarget(source, range, flags.build());
        }
    }
}
