package dev.nflab.netfilter.target;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;

/** {@code -j LOG [--log-prefix P] [--log-level L]}: writes a kernel log line and goes on. */
public final class LogTarget implements Target {
    private final String prefix;
    private final int level;

    public LogTarget(String prefix, int level) {
        this.prefix = prefix;
        this.level = level;
    }

    @Override public Verdict apply(PacketContext ctx) {
        Packet p = ctx.packet();
        StringBuilder b = new StringBuilder(prefix == null ? "" : prefix);
        b.append("IN=").append(ctx.inName()).append(" OUT=").append(ctx.outName());
        b.append(" SRC=").append(Ipv4.format(p.source())).append(" DST=").append(Ipv4.format(p.destination()));
        b.append(" LEN=").append(p.length());
        String name = Protocol.name(p.protocol());
        b.append(" PROTO=").append(name == null ? p.protocol() : name.toUpperCase(java.util.Locale.ROOT));
        if (p.hasPorts()) b.append(" SPT=").append(p.sourcePort()).append(" DPT=").append(p.destinationPort());
        ctx.log(b.toString());
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "LOG"; }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-j LOG");
        if (prefix != null) b.append(" --log-prefix \"").append(prefix).append('"');
        if (level != 4) b.append(" --log-level ").append(level);
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        return " LOG flags 0 level " + level + (prefix == null ? "" : " prefix \"" + prefix + "\"");
    }
}
