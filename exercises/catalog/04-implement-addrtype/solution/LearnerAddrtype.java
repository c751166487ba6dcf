package dev.nflab.exercises.e04;

import dev.nflab.host.Host;
import dev.nflab.host.Route;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/** Exercise 04, reference solution. */
public final class LearnerAddrtype implements Match {
    private final RouteType sourceType;
    private final boolean sourceInverted;
    private final RouteType destinationType;
    private final boolean destinationInverted;

    public LearnerAddrtype(RouteType sourceType, boolean sourceInverted, RouteType destinationType,
                           boolean destinationInverted) {
        this.sourceType = sourceType;
        this.sourceInverted = sourceInverted;
        this.destinationType = destinationType;
        this.destinationInverted = destinationInverted;
    }

    public static RouteType typeOf(Host host, int address) {
        Route best = null;
        for (Route r : host.routes()) {
            if (!r.table().equals("local") || !r.destination().contains(address)) continue;
            if (best == null || r.destination().prefixLength() > best.destination().prefixLength()) best = r;
        }
        if (best != null) return best.type();
        if ((address & 0xf0000000) == 0xe0000000) return RouteType.MULTICAST;
        if (address == -1) return RouteType.BROADCAST;
        return RouteType.UNICAST;
    }

    @Override public boolean matches(PacketContext ctx) {
        if (sourceType != null && (typeOf(ctx.host(), ctx.packet().source()) == sourceType) == sourceInverted) {
            return false;
        }
        return destinationType == null
                || (typeOf(ctx.host(), ctx.packet().destination()) == destinationType) != destinationInverted;
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m addrtype");
        if (sourceType != null) b.append(sourceInverted ? " ! --src-type " : " --src-type ").append(sourceType);
        if (destinationType != null) b.append(destinationInverted ? " ! --dst-type " : " --dst-type ").append(destinationType);
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        return " ADDRTYPE match (learner)";
    }
}
