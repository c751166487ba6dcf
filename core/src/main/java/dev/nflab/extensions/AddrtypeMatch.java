package dev.nflab.extensions;

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
final class AddrtypeMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("addrtype", Parser::new);

    private final RouteType sourceType;
    private final boolean sourceInverted;
    private final RouteType destinationType;
    private final boolean destinationInverted;

    AddrtypeMatch(RouteType sourceType, boolean sourceInverted, RouteType destinationType,
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

    private static final class Parser implements OptionParser<Match> {
        private RouteType src, dst;
        private boolean srcInv, dstInv;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--src-type" -> { src = type(args.value(o)); srcInv = inv; }
                case "--dst-type" -> { dst = type(args.value(o)); dstInv = inv; }
                case "--limit-iface-in", "--limit-iface-out" ->
                        throw new ParameterProblem("addrtype: " + o + " is not modelled by nflab");
                default -> { return false; }
            }
            return true;
        }

        private static RouteType type(String v) throws ParameterProblem {
            try {
                return RouteType.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterProblem("addrtype: invalid address type `" + v + "'");
            }
        }

        @Override public Match build() throws ParameterProblem {
            if (src == null && dst == null) {
                throw new ParameterProblem("addrtype: you must specify --src-type or --dst-type");
            }
            return new AddrtypeMatch(src, srcInv, dst, dstInv);
        }
    }
}
