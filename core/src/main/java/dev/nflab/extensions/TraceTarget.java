package dev.nflab.extensions;

import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import java.util.EnumSet;
import java.util.Set;

/** {@code -j TRACE} (raw table only): marks the packet so every rule it meets is reported. */
final class TraceTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("TRACE", () -> new Parser());

    static final TraceTarget INSTANCE = new TraceTarget();

    private TraceTarget() {}

    @Override public Verdict apply(PacketContext ctx) {
        ctx.setTraced(true);
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "TRACE"; }

    @Override public String toSave() { return "-j TRACE"; }

    /** xt_TRACE: the raw table only (legacy). */
    @Override public Set<TableName> tables() { return EnumSet.of(TableName.RAW); }

    /** iptables-nft writes it as meta nftrace set 1, valid in every table. */
    @Override public boolean nftNative() { return true; }

    /** TRACE has no options. */
    private static final class Parser implements OptionParser<Target> {
        @Override public boolean parse(String o, boolean inv, OptionValues args) {
            return false;
        }

        @Override public Target build() {
            return INSTANCE;
        }
    }
}
