package dev.nflab.exercises.e04;

import dev.nflab.host.Host;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/** Exercise 04: -m addrtype [!] --src-type T [!] --dst-type T (see README.md). */
public final class LearnerAddrtype implements Match {
    private final RouteType sourceType;
    private final boolean sourceInverted;
    private final RouteType destinationType;
    private final boolean destinationInverted;

    /** A null type: that option was not given. */
    public LearnerAddrtype(RouteType sourceType, boolean sourceInverted, RouteType destinationType,
                           boolean destinationInverted) {
        this.sourceType = sourceType;
        this.sourceInverted = sourceInverted;
        this.destinationType = destinationType;
        this.destinationInverted = destinationInverted;
    }

    /** The address type from the host's table local (longest prefix), else MULTICAST/BROADCAST/UNICAST. */
    public static RouteType typeOf(Host host, int address) {
        // TODO(learner): look the address up in table local, as described in README.md.
        throw new UnsupportedOperationException("TODO(learner): LearnerAddrtype.typeOf");
    }

    @Override public boolean matches(PacketContext ctx) {
        // TODO(learner): use typeOf on the packet's source and destination, with the inversions.
        throw new UnsupportedOperationException("TODO(learner): LearnerAddrtype.matches");
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
