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
        private long[] src, dst;
        private boolean srcInv, dstInv;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--src-range" -> { src = range(args.value(o)); srcInv = inv; }
                case "--dst-range" -> { dst = range(args.value(o)); dstInv = inv; }
                default -> { return false; }
            }
            return true;
        }

        private static long[] range(String v) throws ParameterProblem {
            int dash = v.indexOf('-');
            try {
                long lo = Integer.toUnsignedLong(Ipv4.parse(dash < 0 ? v : v.substring(0, dash)));
                long hi = dash < 0 ? lo : Integer.toUnsignedLong(Ipv4.parse(v.substring(dash + 1)));
                return new long[] {lo, hi};
            } catch (IllegalArgumentException e) {
                throw new ParameterProblem("iprange: invalid range `" + v + "'");
            }
        }

        @Override public Match build() throws ParameterProblem {
            if (src == null && dst == null) {
                throw new ParameterProblem("iprange match: You must specify `--src-range' or `--dst-range'");
            }
            return new IprangeMatch(src, srcInv, dst, dstInv);
        }
    }
}
