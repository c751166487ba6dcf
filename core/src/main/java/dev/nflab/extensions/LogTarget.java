package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import java.util.List;
import java.util.Locale;

/** {@code -j LOG [--log-prefix P] [--log-level L]}: writes a kernel log line and goes on. */
final class LogTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("LOG", () -> new Parser());

    private final String prefix;
    private final int level;

    LogTarget(String prefix, int level) {
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
        b.append(" PROTO=").append(name == null ? p.protocol() : name.toUpperCase(Locale.ROOT));
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

    private static final class Parser implements OptionParser<Target> {
        private static final List<String> LEVELS =
                List.of("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug");
        private String prefix;
        private int level = 4;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--log-prefix" -> {
                    prefix = args.value(o);
                    if (prefix.length() > 29) throw new ParameterProblem("Maximum prefix length 29 for --log-prefix");
                }
                case "--log-level" -> {
                    String v = args.value(o);
                    level = LEVELS.indexOf(v);
                    if (level < 0) {
                        try {
                            level = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            level = -1;
                        }
                    }
                    if (level < 0 || level > 7) throw new ParameterProblem("log-level `" + v + "' unknown");
                }
                case "--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode" -> { }
                default -> { return false; }
            }
            return true;
        }

        @Override public Target build() {
            return new LogTarget(prefix, level);
        }
    }
}
