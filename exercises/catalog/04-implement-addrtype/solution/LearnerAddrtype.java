package dev.nflab.exercises.e04;

import dev.nflab.extensions.MatchExtension;
import dev.nflab.extensions.OptionParser;
import dev.nflab.extensions.OptionValues;
import dev.nflab.extensions.ParameterProblem;
import dev.nflab.host.Host;
import dev.nflab.host.Route;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import java.util.Locale;

/** Exercise 04, reference solution. */
public final class LearnerAddrtype implements Match {
    /** {@code -m addrtype}: this class, under the real name (the tests load it in place of the model's). */
    public static final MatchExtension EXTENSION = new MatchExtension("addrtype", Parser::new);

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
        StringBuilder b = new StringBuilder(" ADDRTYPE match");
        if (sourceType != null) b.append(" src-type ").append(sourceInverted ? "!" : "").append(sourceType);
        if (destinationType != null) b.append(" dst-type ").append(destinationInverted ? "!" : "").append(destinationType);
        return b.toString();
    }

    /** The options as iptables takes them: [!] --src-type TYPE, [!] --dst-type TYPE. */
    private static final class Parser implements OptionParser<Match> {
        private RouteType src, dst;
        private boolean srcInv, dstInv;

        @Override public boolean parse(String option, boolean inverted, OptionValues values) throws ParameterProblem {
            switch (option) {
                case "--src-type" -> { src = type(values.value(option)); srcInv = inverted; }
                case "--dst-type" -> { dst = type(values.value(option)); dstInv = inverted; }
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
            if (src == null && dst == null) throw new ParameterProblem("addrtype: you must specify --src-type or --dst-type");
            return new LearnerAddrtype(src, srcInv, dst, dstInv);
        }
    }
}
