package dev.nflab.extensions;

import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.host.Address;
import dev.nflab.host.NetworkInterface;
import dev.nflab.netfilter.Hook;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code -m addrtype --src-type|--dst-type TYPE[,TYPE...] [--limit-iface-in|--limit-iface-out]}:
 * the type of the address as the routing tables say. LOCAL means "has a {@code local} route in
 * table local" ({@code ip route show table local}): 127.0.0.0/8 and every address on any
 * interface, 172.17.0.1 on docker0 too. With a limit, an address is LOCAL only on the packet's
 * incoming (outgoing) interface, as the kernel's lookup on that device answers.
 */
final class AddrtypeMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("addrtype", Parser::new);

    private final Set<RouteType> sourceTypes;
    private final boolean sourceInverted;
    private final Set<RouteType> destinationTypes;
    private final boolean destinationInverted;
    private final boolean limitIn;
    private final boolean limitOut;

    AddrtypeMatch(RouteType sourceType, boolean sourceInverted, RouteType destinationType,
                  boolean destinationInverted) {
        this(sourceType == null ? null : EnumSet.of(sourceType), sourceInverted,
                destinationType == null ? null : EnumSet.of(destinationType), destinationInverted, false, false);
    }

    AddrtypeMatch(Set<RouteType> sourceTypes, boolean sourceInverted, Set<RouteType> destinationTypes,
                  boolean destinationInverted, boolean limitIn, boolean limitOut) {
        this.sourceTypes = sourceTypes;
        this.sourceInverted = sourceInverted;
        this.destinationTypes = destinationTypes;
        this.destinationInverted = destinationInverted;
        this.limitIn = limitIn;
        this.limitOut = limitOut;
    }

    private RouteType type(PacketContext ctx, int address) {
        RouteType t = ctx.host().addressType(address);
        NetworkInterface dev = limitIn ? ctx.in() : limitOut ? ctx.out() : null;
        if (t == RouteType.LOCAL && dev != null) {
            for (Address a : dev.addresses()) {
                if (!a.inet6() && a.ipv4() == address) return t;
            }
            return (address >>> 24) == 127 && dev.name().equals("lo") ? t : RouteType.UNICAST;
        }
        return t;
    }

    @Override public boolean matches(PacketContext ctx) {
        if (sourceTypes != null && sourceTypes.contains(type(ctx, ctx.packet().source())) == sourceInverted) {
            return false;
        }
        return destinationTypes == null
                || destinationTypes.contains(type(ctx, ctx.packet().destination())) != destinationInverted;
    }

    /** Types in the kernel's bit order, joined by commas: {@code UNICAST,LOCAL}. */
    private static String names(Set<RouteType> types) {
        List<String> n = new ArrayList<>();
        for (RouteType t : types) n.add(t.name().toUpperCase(Locale.ROOT));
        return String.join(",", n);
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m addrtype");
        if (sourceTypes != null) b.append(sourceInverted ? " ! --src-type " : " --src-type ").append(names(sourceTypes));
        if (destinationTypes != null) {
            b.append(destinationInverted ? " ! --dst-type " : " --dst-type ").append(names(destinationTypes));
        }
        if (limitIn) b.append(" --limit-iface-in");
        if (limitOut) b.append(" --limit-iface-out");
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder(" ADDRTYPE match");
        if (sourceTypes != null) b.append(" src-type ").append(sourceInverted ? "!" : "").append(names(sourceTypes));
        if (destinationTypes != null) {
            b.append(" dst-type ").append(destinationInverted ? "!" : "").append(names(destinationTypes));
        }
        if (limitIn) b.append(" limit-in");
        if (limitOut) b.append(" limit-out");
        return b.toString();
    }

    /**
     * addrtype_mt_checkentry: not both limits; the incoming interface is unknown in OUTPUT and
     * POSTROUTING, the outgoing one in PREROUTING, INPUT and FORWARD.
     */
    @Override public boolean kernelAccepts(Hook hook) {
        if (limitIn && limitOut) return false;
        if (hook == null) return true;
        if (limitIn && (hook == Hook.OUTPUT || hook == Hook.POSTROUTING)) return false;
        return !(limitOut && (hook == Hook.PREROUTING || hook == Hook.INPUT || hook == Hook.FORWARD));
    }

    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out");
        }

        private Set<RouteType> src, dst;
        private boolean srcInv, dstInv, limitIn, limitOut;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--src-type" -> { src = types(args.value(o)); srcInv = inv; }
                case "--dst-type" -> { dst = types(args.value(o)); dstInv = inv; }
                case "--limit-iface-in", "--limit-iface-out" -> {
                    if (inv) throw new ParameterProblem("addrtype: option \"" + o + "\" cannot be inverted.");
                    if (o.endsWith("in")) limitIn = true;
                    else limitOut = true;
                }
                default -> { return false; }
            }
            return true;
        }

        /** libxt_addrtype's parse_types: names (any case) split at commas. */
        private static Set<RouteType> types(String v) throws ParameterProblem {
            Set<RouteType> set = EnumSet.noneOf(RouteType.class);
            for (String part : v.split(",", -1)) {
                try {
                    set.add(RouteType.valueOf(part.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ParameterProblem("addrtype: bad type \"" + v + "\"");
                }
            }
            return set;
        }

        @Override public Match build() throws ParameterProblem {
            if (src == null && dst == null) {
                throw new ParameterProblem("addrtype: you must specify --src-type or --dst-type");
            }
            return new AddrtypeMatch(src, srcInv, dst, dstInv, limitIn, limitOut);
        }
    }
}
