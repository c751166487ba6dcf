package dev.nflab.netfilter.match;

import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import java.util.Locale;

/**
 * {@code -m addrtype --src-type|--dst-type TYPE}: the type of the address as the routing tables
 * say. LOCAL means "has a {@code local} route in table local" ({@code ip route show table local}):
 * 127.0.0.0/8 and every address on any interface, 172.17.0.1 on docker0 too.
 */
public final class AddrtypeMatch implements Match {
    private final RouteType sourceType;
    private final boolean sourceInverted;
    private final RouteType destinationType;
    private final boolean destinationInverted;

    public AddrtypeMatch(RouteType sourceType, boolean sourceInverted, RouteType destinationType,
                         boolean destinationInverted) {
        this.sourceType = sourceType;
        this.sourceInverted = sourceInverted;
        this.destinationType = destinationType;
        this.destinationInverted = destinationInverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        if (sourceType != null
                && (ctx.host().addressType(ctx.packet().source()) == sourceType) == sourceInverted) {
            return false;
        }
        return destinationType == null
                || (ctx.host().addressType(ctx.packet().destination()) == destinationType) != destinationInverted;
    }

    private static String name(RouteType t) {
        return t.name().toUpperCase(Locale.ROOT);
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m addrtype");
        if (sourceType != null) b.append(sourceInverted ? " ! --src-type " : " --src-type ").append(name(sourceType));
        if (destinationType != null) {
            b.append(destinationInverted ? " ! --dst-type " : " --dst-type ").append(name(destinationType));
        }
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder(" ADDRTYPE match");
        if (sourceType != null) b.append(" src-type ").append(sourceInverted ? "!" : "").append(name(sourceType));
        if (destinationType != null) {
            b.append(" dst-type ").append(destinationInverted ? "!" : "").append(name(destinationType));
        }
        return b.toString();
    }
}
