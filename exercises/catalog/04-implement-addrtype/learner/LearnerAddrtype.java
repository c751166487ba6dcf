package dev.nflab.exercises.e04;

import dev.nflab.extensions.MatchExtension;
import dev.nflab.extensions.OptionParser;
import dev.nflab.extensions.OptionValues;
import dev.nflab.extensions.ParameterProblem;
import dev.nflab.host.Host;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import java.util.Locale;

/**
 * Exercise 04: -m addrtype [!] --src-type T [!] --dst-type T (see README.md). An extension unit
 * as the model's are: the tests register it as {@code addrtype} and load the seed's rules with it.
 * Fill in typeOf and matches; the rest is given.
 */
public final class LearnerAddrtype implements Match {
    /** {@code -m addrtype}: this class, under the real name (the tests load it in place of the model's). */
    public static final MatchExtension EXTENSION = new MatchExtension("addrtype", Parser::new);

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
