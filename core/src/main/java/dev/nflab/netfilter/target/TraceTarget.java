package dev.nflab.netfilter.target;

import java.util.Set;
import java.util.EnumSet;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;

/** {@code -j TRACE} (raw table only): marks the packet so every rule it meets is reported. */
public final class TraceTarget implements Target {
    public static final TraceTarget INSTANCE = new TraceTarget();

    private TraceTarget() {}

    @Override public Verdict apply(PacketContext ctx) {
        ctx.setTraced(true);
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "TRACE"; }

    @Override public String toSave() { return "-j TRACE"; }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.RAW); }
}
