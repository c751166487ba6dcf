package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Ipv4;

/** {@code -m iprange --src-range A-B / --dst-range A-B}. */
final class IprangeMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("iprange", Parser::new);

    private final long[] source;
    private final boolean sourceInverted;
    private final long[] destination;
    private final boolean destinationInverted;

    /** Each range is {low, high} as unsigned values, or null. */
    IprangeMatch(long[] source, boolean sourceInverted, long[] destination, boolean destinationInverted) {
        this.source = source;
        this.sourceInverted = sourceInverted;
        this.destination = destination;
        this.destinationInverted = destinationInverted;
    }

    private static boolean in(long[] range, int address) {
        long a = Integer.toUnsignedLong(address);
        return a >= range[0] && a <= range[1];
    }

    @Override public boolean matches(PacketContext ctx) {
        if (source != null && in(source, ctx.packet().source()) == sourceInverted) return false;
        return destination == null || in(destination, ctx.packet().destination()) != destinationInverted;
    }

    private static String text(long[] r) {
        return Ipv4.format((int) r[0]) + "-" + Ipv4.format((int) r[1]);
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m iprange");
        if (source != null) b.append(sourceInverted ? " ! --src-range " : " --src-range ").append(text(source));
        if (destination != null) {
            b.append(destinationInverted ? " ! --dst-range " : " --dst-range ").append(text(destination));
        }
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder();
        if (source != null) b.append(" source IP range ").append(sourceInverted ? "! " : "").append(text(source));
        if (destination != null) {
            b.append(" destination IP range ").append(destinationInverted ? "! " : "").append(text(destination));
        }
        return b.toString();
    }

    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--src-range", "--dst-range");
        }

        private long[] src, dst;
        private boolean srcInv, dstInv;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--src-range" -> { src = range(o, args.value(o), args); srcInv = inv; }
                case "--dst-range" -> { dst = range(o, args.value(o), args); dstInv = inv; }
                default -> { return false; }
            }
            return true;
        }

        /** libxt_iprange: {@code A-B} or {@code A}; a reversed range is only a warning. */
        private static long[] range(String option, String v, OptionValues args) throws ParameterProblem {
            int dash = v.indexOf('-');
            long lo = address(option, dash < 0 ? v : v.substring(0, dash));
            long hi = dash < 0 ? lo : address(option, v.substring(dash + 1));
            if (lo > hi) {
                args.warn("xt_iprange: range " + Ipv4.format((int) lo) + "-" + Ipv4.format((int) hi)
                        + " is reversed and will never match");
            }
            return new long[] {lo, hi};
        }

        private static long address(String option, String text) throws ParameterProblem {
            if (!Ipv4.isValid(text)) {
                throw new ParameterProblem("iprange: Bad value for \"" + option + "\" option: \"" + text + "\"");
            }
            return Integer.toUnsignedLong(Ipv4.parse(text));
        }

        @Override public Match build() throws ParameterProblem {
            if (src == null && dst == null) {
                throw new ParameterProblem("iprange match: You must specify `--src-range' or `--dst-range'");
            }
            return new IprangeMatch(src, srcInv, dst, dstInv);
        }
    }
}
