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

/**
 * {@code -j LOG [--log-prefix P] [--log-level L] [--log-tcp-sequence] [--log-tcp-options]
 * [--log-ip-options] [--log-uid] [--log-macdecode]}: writes a kernel log line and goes on (not a
 * verdict: the packet continues with the next rule). Options and text as libxt_LOG.c prints them
 * on both back ends: the flags as the kernel's XT_LOG_* bits, the level as a number.
 */
final class LogTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("LOG", () -> new Parser());

    // XT_LOG_TCPSEQ, XT_LOG_TCPOPT, XT_LOG_IPOPT, XT_LOG_UID, XT_LOG_MACDECODE, in -S order.
    private static final String[] FLAG_OPTIONS =
            {"--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode"};
    private static final int[] FLAG_BITS = {0x01, 0x02, 0x04, 0x08, 0x20};
    private static final int DEFAULT_LEVEL = 4; // warning

    private final String prefix;
    private final int level;
    private final int flags;

    LogTarget(String prefix, int level, int flags) {
        this.prefix = prefix;
        this.level = level;
        this.flags = flags;
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
        if (prefix != null) b.append(" --log-prefix ").append(CommentMatch.quote(prefix));
        if (level != DEFAULT_LEVEL) b.append(" --log-level ").append(level);
        for (int i = 0; i < FLAG_BITS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) b.append(' ').append(FLAG_OPTIONS[i]);
        }
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        return " LOG flags " + flags + " level " + level + (prefix == null ? "" : " prefix \"" + prefix + "\"");
    }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--log-level", "--log-prefix", "--log-tcp-sequence", "--log-tcp-options", "--log-ip-options",
                    "--log-uid", "--log-macdecode");
        }

        // syslog's names, by level; "panic" is emerg's old name.
        private static final List<String> LEVELS =
                List.of("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug");
        private static final int PREFIX_MAX = 29; // the kernel's prefix[30], NUL included
        private String prefix;
        private int level = DEFAULT_LEVEL;
        private boolean seenLevel;
        private int flags;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            int flag = List.of(FLAG_OPTIONS).indexOf(o);
            if (flag < 0 && !o.equals("--log-prefix") && !o.equals("--log-level")) return false;
            boolean seen = flag >= 0 ? (flags & FLAG_BITS[flag]) != 0 : o.equals("--log-prefix") ? prefix != null : seenLevel;
            if (seen) throw new ParameterProblem("LOG: option \"" + o + "\" can only be used once.\n");
            if (inv) throw new ParameterProblem("LOG: option \"" + o + "\" cannot be inverted.\n");
            if (flag >= 0) {
                flags |= FLAG_BITS[flag];
            } else if (o.equals("--log-prefix")) {
                String v = args.value(o);
                if (v.isEmpty()) throw new ParameterProblem("Argument must have a minimum length of 1 characters\n");
                // Copied into the kernel's 30 bytes: longer prefixes are cut, not refused.
                String cut = v.length() > PREFIX_MAX ? v.substring(0, PREFIX_MAX) : v;
                if (cut.indexOf('\n') >= 0) throw new ParameterProblem("Newlines not allowed in --log-prefix");
                prefix = cut;
            } else {
                String v = args.value(o);
                seenLevel = true;
                level = v.equals("panic") ? 0 : LEVELS.indexOf(v);
                if (level < 0) {
                    long[] n = LengthMatch.Parser.strtoul(v, 0);
                    if (n == null || n[1] != v.length() || n[0] > 7) {
                        throw new ParameterProblem("log level \"" + v + "\" unknown\n");
                    }
                    level = (int) n[0];
                }
            }
            return true;
        }

        @Override public Target build() {
            return new LogTarget(prefix, level, flags);
        }
    }
}
