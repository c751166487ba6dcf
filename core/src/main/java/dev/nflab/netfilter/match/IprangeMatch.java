package dev.nflab.netfilter.match;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Ipv4;

/** {@code -m iprange --src-range A-B / --dst-range A-B}. */
public final class IprangeMatch implements Match {
    private final long[] source;
    private final boolean sourceInverted;
    private final long[] destination;
    private final boolean destinationInverted;

    /** Each range is {low, high} as unsigned values, or null. */
    public IprangeMatch(long[] source, boolean sourceInverted, long[] destination, boolean destinationInverted) {
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
}
