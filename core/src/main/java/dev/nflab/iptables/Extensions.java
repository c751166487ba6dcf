package dev.nflab.iptables;

import dev.nflab.conntrack.CtState;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.InterfaceSpec;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.StandardTarget;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.match.AddrtypeMatch;
import dev.nflab.netfilter.match.CommentMatch;
import dev.nflab.netfilter.match.ConntrackMatch;
import dev.nflab.netfilter.match.IcmpMatch;
import dev.nflab.netfilter.match.IprangeMatch;
import dev.nflab.netfilter.match.MarkMatch;
import dev.nflab.netfilter.match.MultiportMatch;
import dev.nflab.netfilter.match.PhysdevMatch;
import dev.nflab.netfilter.match.PortMatch;
import dev.nflab.netfilter.match.PortRange;
import dev.nflab.netfilter.target.ChecksumTarget;
import dev.nflab.netfilter.target.DnatTarget;
import dev.nflab.netfilter.target.LogTarget;
import dev.nflab.netfilter.target.MarkTarget;
import dev.nflab.netfilter.target.MasqueradeTarget;
import dev.nflab.netfilter.target.NatRange;
import dev.nflab.netfilter.target.RedirectTarget;
import dev.nflab.netfilter.target.RejectTarget;
import dev.nflab.netfilter.target.SnatTarget;
import dev.nflab.netfilter.target.TraceTarget;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The option parsers of the match and target extensions (the libxt_* of iptables): each takes
 * the options it knows and builds its match or target, with iptables' errors for bad values.
 */
final class Extensions {
    private Extensions() {}

    /** Parses one extension's options. */
    interface Parser {
        /** Takes {@code option} (and its values from {@code args}) if it is this extension's. */
        boolean accept(String option, boolean inverted, Args args) throws IptablesException;
    }

    interface MatchParser extends Parser {
        Match build() throws IptablesException;
    }

    interface TargetParser extends Parser {
        Target build() throws IptablesException;
    }

    static final List<String> MATCHES = List.of("tcp", "udp", "sctp", "multiport", "icmp", "addrtype",
            "conntrack", "state", "physdev", "comment", "mark", "iprange");

    static MatchParser match(String name, int protocol) throws IptablesException {
        return switch (name) {
            case "tcp", "udp", "sctp" -> new PortParser(name);
            case "multiport" -> new MultiportParser();
            case "icmp" -> new IcmpParser();
            case "addrtype" -> new AddrtypeParser();
            case "conntrack" -> new ConntrackParser(false);
            case "state" -> new ConntrackParser(true);
            case "physdev" -> new PhysdevParser();
            case "comment" -> new CommentParser();
            case "mark" -> new MarkParser();
            case "iprange" -> new IprangeParser();
            default -> throw new IptablesException("Couldn't load match `" + name
                    + "':No such file or directory (nflab models: " + String.join(", ", MATCHES) + ")", 2);
        };
    }

    static TargetParser target(String name) {
        return switch (name) {
            case "ACCEPT" -> fixed(StandardTarget.ACCEPT);
            case "DROP" -> fixed(StandardTarget.DROP);
            case "RETURN" -> fixed(StandardTarget.RETURN);
            case "DNAT" -> new NatParser(false);
            case "SNAT" -> new NatParser(true);
            case "MASQUERADE" -> new PortsTargetParser(true);
            case "REDIRECT" -> new PortsTargetParser(false);
            case "REJECT" -> new RejectParser();
            case "LOG" -> new LogParser();
            case "MARK" -> new MarkTargetParser();
            case "TRACE" -> fixed(TraceTarget.INSTANCE);
            case "CHECKSUM" -> new ChecksumParser();
            default -> fixed(StandardTarget.jump(name));
        };
    }

    private static TargetParser fixed(Target t) {
        return new TargetParser() {
            @Override public boolean accept(String option, boolean inverted, Args args) { return false; }
            @Override public Target build() { return t; }
        };
    }

    static IptablesException badValue(String what, String value) {
        return new IptablesException("Bad " + what + " `" + value + "'", 2);
    }

    static PortRange portRange(String text, boolean inverted) throws IptablesException {
        int colon = text.indexOf(':');
        if (colon < 0) {
            int p = Services.port(text);
            return new PortRange(p, p, inverted);
        }
        int low = colon == 0 ? 0 : Services.port(text.substring(0, colon));
        int high = colon == text.length() - 1 ? 65535 : Services.port(text.substring(colon + 1));
        if (low > high) throw new IptablesException("invalid portrange (min > max) specified", 2);
        return new PortRange(low, high, inverted);
    }

    // ---- matches -------------------------------------------------------------------------------

    static final class PortParser implements MatchParser {
        private final String protocol;
        private PortRange sport, dport;
        private int mask, compare;
        private boolean flagsInverted, flagsSet;

        PortParser(String protocol) { this.protocol = protocol; }

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            switch (o) {
                case "--sport", "--source-port" -> sport = portRange(args.value(o), inv);
                case "--dport", "--destination-port" -> dport = portRange(args.value(o), inv);
                case "--tcp-flags" -> {
                    if (!protocol.equals("tcp")) return false;
                    try {
                        mask = TcpFlags.parseList(args.value(o));
                        compare = TcpFlags.parseList(args.value(o));
                    } catch (IllegalArgumentException e) {
                        throw new IptablesException(e.getMessage(), 2);
                    }
                    flagsInverted = inv;
                    flagsSet = true;
                }
                case "--syn" -> {
                    if (!protocol.equals("tcp")) return false;
                    mask = TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK;
                    compare = TcpFlags.SYN;
                    flagsInverted = inv;
                    flagsSet = true;
                }
                default -> { return false; }
            }
            return true;
        }

        @Override public Match build() {
            return new PortMatch(protocol, sport, dport, flagsSet ? mask : 0, compare, flagsInverted);
        }
    }

    static final class MultiportParser implements MatchParser {
        private MultiportMatch.Kind kind;
        private final List<PortRange> ports = new ArrayList<>();
        private boolean inverted;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            MultiportMatch.Kind k = switch (o) {
                case "--sports", "--source-ports" -> MultiportMatch.Kind.SOURCE;
                case "--dports", "--destination-ports" -> MultiportMatch.Kind.DESTINATION;
                case "--ports" -> MultiportMatch.Kind.EITHER;
                default -> null;
            };
            if (k == null) return false;
            if (kind != null) throw new IptablesException("multiport can only have one option", 2);
            kind = k;
            inverted = inv;
            String[] items = args.value(o).split(",");
            if (items.length > 15) throw new IptablesException("too many ports specified", 2);
            for (String item : items) ports.add(portRange(item, false));
            return true;
        }

        @Override public Match build() throws IptablesException {
            if (kind == null) throw new IptablesException("multiport expects an option", 2);
            return new MultiportMatch(kind, ports, inverted);
        }
    }

    static final class IcmpParser implements MatchParser {
        private int type = -1, code = -1;
        private boolean inverted;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (!o.equals("--icmp-type")) return false;
            String v = args.value(o);
            inverted = inv;
            switch (v) {
                case "any" -> { type = 255; return true; }
                case "echo-reply", "pong" -> { type = 0; return true; }
                case "destination-unreachable" -> { type = 3; return true; }
                case "port-unreachable" -> { type = 3; code = 3; return true; }
                case "host-unreachable" -> { type = 3; code = 1; return true; }
                case "echo-request", "ping" -> { type = 8; return true; }
                case "time-exceeded", "ttl-exceeded" -> { type = 11; return true; }
                default -> { }
            }
            try {
                int slash = v.indexOf('/');
                type = Integer.parseInt(slash < 0 ? v : v.substring(0, slash));
                if (slash >= 0) code = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IptablesException("Invalid ICMP type `" + v + "'", 2);
            }
            if (type < 0 || type > 255 || code > 255) throw new IptablesException("Invalid ICMP type `" + v + "'", 2);
            return true;
        }

        @Override public Match build() throws IptablesException {
            if (type < 0) throw new IptablesException("icmp match: You must specify `--icmp-type'", 2);
            return new IcmpMatch(type, code, inverted);
        }
    }

    static final class AddrtypeParser implements MatchParser {
        private RouteType src, dst;
        private boolean srcInv, dstInv;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            switch (o) {
                case "--src-type" -> { src = type(args.value(o)); srcInv = inv; }
                case "--dst-type" -> { dst = type(args.value(o)); dstInv = inv; }
                case "--limit-iface-in", "--limit-iface-out" ->
                        throw new IptablesException("addrtype: " + o + " is not modelled by nflab", 2);
                default -> { return false; }
            }
            return true;
        }

        private static RouteType type(String v) throws IptablesException {
            try {
                return RouteType.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IptablesException("addrtype: invalid address type `" + v + "'", 2);
            }
        }

        @Override public Match build() throws IptablesException {
            if (src == null && dst == null) {
                throw new IptablesException("addrtype: you must specify --src-type or --dst-type", 2);
            }
            return new AddrtypeMatch(src, srcInv, dst, dstInv);
        }
    }

    static final class ConntrackParser implements MatchParser {
        private final boolean stateMatch;
        private int mask = -1;
        private boolean inverted;

        ConntrackParser(boolean stateMatch) { this.stateMatch = stateMatch; }

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (!o.equals(stateMatch ? "--state" : "--ctstate")) {
                if (!stateMatch && o.startsWith("--ct")) {
                    throw new IptablesException("conntrack: " + o + " is not modelled by nflab (only --ctstate)", 2);
                }
                return false;
            }
            String v = args.value(o);
            mask = 0;
            for (String s : v.split(",")) {
                CtState st;
                try {
                    st = CtState.valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IptablesException("Bad ctstate \"" + s + "\"", 2);
                }
                if (stateMatch && (st == CtState.SNAT || st == CtState.DNAT)) {
                    throw new IptablesException("Bad state \"" + s + "\"", 2);
                }
                mask |= st.bit();
            }
            inverted = inv;
            return true;
        }

        @Override public Match build() throws IptablesException {
            if (mask < 0) {
                throw new IptablesException(stateMatch ? "state match: You must specify \"--state\""
                        : "conntrack: At least one option is required", 2);
            }
            return new ConntrackMatch(mask, inverted, stateMatch);
        }
    }

    static final class PhysdevParser implements MatchParser {
        private InterfaceSpec in, out;
        private int isIn = -1, isOut = -1, isBridged = -1;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            switch (o) {
                case "--physdev-in" -> in = new InterfaceSpec(args.value(o), inv);
                case "--physdev-out" -> out = new InterfaceSpec(args.value(o), inv);
                case "--physdev-is-in" -> isIn = inv ? 0 : 1;
                case "--physdev-is-out" -> isOut = inv ? 0 : 1;
                case "--physdev-is-bridged" -> isBridged = inv ? 0 : 1;
                default -> { return false; }
            }
            return true;
        }

        @Override public Match build() throws IptablesException {
            if (in == null && out == null && isIn < 0 && isOut < 0 && isBridged < 0) {
                throw new IptablesException("PHYSDEV: no --physdev-* option specified", 2);
            }
            return new PhysdevMatch(in, out, isIn, isOut, isBridged);
        }
    }

    static final class CommentParser implements MatchParser {
        private String text;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (!o.equals("--comment")) return false;
            text = args.value(o);
            if (text.length() > 255) throw new IptablesException("COMMENT must be shorter than 256 characters", 2);
            return true;
        }

        @Override public Match build() throws IptablesException {
            if (text == null) throw new IptablesException("comment: option \"--comment\" must be specified", 2);
            return new CommentMatch(text);
        }
    }

    static long[] valueMask(String v) throws IptablesException {
        try {
            int slash = v.indexOf('/');
            long value = Long.decode(slash < 0 ? v : v.substring(0, slash));
            long mask = slash < 0 ? 0xffffffffL : Long.decode(v.substring(slash + 1));
            if (value > 0xffffffffL || mask > 0xffffffffL || value < 0 || mask < 0) throw new NumberFormatException();
            return new long[] {value, mask};
        } catch (NumberFormatException e) {
            throw badValue("MARK value", v);
        }
    }

    static final class MarkParser implements MatchParser {
        private long[] vm;
        private boolean inverted;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (!o.equals("--mark")) return false;
            vm = valueMask(args.value(o));
            inverted = inv;
            return true;
        }

        @Override public Match build() throws IptablesException {
            if (vm == null) throw new IptablesException("mark match: You must specify \"--mark\"", 2);
            return new MarkMatch((int) vm[0], (int) vm[1], inverted);
        }
    }

    static final class IprangeParser implements MatchParser {
        private long[] src, dst;
        private boolean srcInv, dstInv;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            switch (o) {
                case "--src-range" -> { src = range(args.value(o)); srcInv = inv; }
                case "--dst-range" -> { dst = range(args.value(o)); dstInv = inv; }
                default -> { return false; }
            }
            return true;
        }

        private static long[] range(String v) throws IptablesException {
            int dash = v.indexOf('-');
            try {
                long lo = Integer.toUnsignedLong(Ipv4.parse(dash < 0 ? v : v.substring(0, dash)));
                long hi = dash < 0 ? lo : Integer.toUnsignedLong(Ipv4.parse(v.substring(dash + 1)));
                return new long[] {lo, hi};
            } catch (IllegalArgumentException e) {
                throw new IptablesException("iprange: invalid range `" + v + "'", 2);
            }
        }

        @Override public Match build() throws IptablesException {
            if (src == null && dst == null) throw new IptablesException("iprange match: You must specify `--src-range' or `--dst-range'", 2);
            return new IprangeMatch(src, srcInv, dst, dstInv);
        }
    }

    // ---- targets ---------------------------------------------------------------------------------

    static final class NatParser implements TargetParser {
        private final boolean source;
        private NatRange range;

        NatParser(boolean source) { this.source = source; }

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (o.equals("--random") || o.equals("--persistent") || o.equals("--random-fully")) {
                throw new IptablesException((source ? "SNAT" : "DNAT") + ": " + o + " is not modelled by nflab", 2);
            }
            if (!o.equals(source ? "--to-source" : "--to-destination")) return false;
            if (range != null) throw new IptablesException("Multiple --to-" + (source ? "source" : "destination")
                    + " not supported", 2);
            String v = args.value(o);
            try {
                range = NatRange.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IptablesException("Bad IP address \"" + v + "\"", 2);
            }
            return true;
        }

        @Override public Target build() throws IptablesException {
            if (range == null) {
                throw new IptablesException("You must specify --to-" + (source ? "source" : "destination"), 2);
            }
            return source ? new SnatTarget(range) : new DnatTarget(range);
        }
    }

    static final class PortsTargetParser implements TargetParser {
        private final boolean masquerade;
        private int low, high;

        PortsTargetParser(boolean masquerade) { this.masquerade = masquerade; }

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (o.equals("--random")) {
                throw new IptablesException((masquerade ? "MASQUERADE" : "REDIRECT") + ": --random is not modelled by nflab", 2);
            }
            if (!o.equals("--to-ports")) return false;
            String v = args.value(o);
            int dash = v.indexOf('-');
            low = Services.port(dash < 0 ? v : v.substring(0, dash));
            high = dash < 0 ? low : Services.port(v.substring(dash + 1));
            return true;
        }

        @Override public Target build() {
            return masquerade ? new MasqueradeTarget(low, high) : new RedirectTarget(low, high);
        }
    }

    static final class RejectParser implements TargetParser {
        private RejectTarget.With with = RejectTarget.With.ICMP_PORT_UNREACHABLE;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            if (!o.equals("--reject-with")) return false;
            String v = args.value(o);
            with = RejectTarget.With.parse(v);
            if (with == null) throw new IptablesException("unknown reject type \"" + v + "\"", 2);
            return true;
        }

        @Override public Target build() {
            return new RejectTarget(with);
        }
    }

    static final class LogParser implements TargetParser {
        private String prefix;
        private int level = 4;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            switch (o) {
                case "--log-prefix" -> {
                    prefix = args.value(o);
                    if (prefix.length() > 29) throw new IptablesException("Maximum prefix length 29 for --log-prefix", 2);
                }
                case "--log-level" -> {
                    String v = args.value(o);
                    List<String> names = List.of("emerg", "alert", "crit", "error", "warning", "notice", "info", "debug");
                    level = names.indexOf(v);
                    if (level < 0) {
                        try {
                            level = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            level = -1;
                        }
                    }
                    if (level < 0 || level > 7) throw new IptablesException("log-level `" + v + "' unknown", 2);
                }
                case "--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode" -> { }
                default -> { return false; }
            }
            return true;
        }

        @Override public Target build() {
            return new LogTarget(prefix, level);
        }
    }

    static final class MarkTargetParser implements TargetParser {
        private long[] vm;
        private boolean xset;

        @Override public boolean accept(String o, boolean inv, Args args) throws IptablesException {
            switch (o) {
                case "--set-mark" -> {
                    vm = valueMask(args.value(o));
                    if (vm[1] == 0xffffffffL) {
                        xset = false;
                    } else {
                        vm = new long[] {vm[0], vm[1] | vm[0]};
                        xset = true;
                    }
                }
                case "--set-xmark" -> { vm = valueMask(args.value(o)); xset = true; }
                default -> { return false; }
            }
            return true;
        }

        @Override public Target build() throws IptablesException {
            if (vm == null) throw new IptablesException("MARK target: Parameter --set-xmark is required", 2);
            return new MarkTarget((int) vm[0], (int) vm[1]);
        }
    }

    static final class ChecksumParser implements TargetParser {
        private boolean fill;

        @Override public boolean accept(String o, boolean inv, Args args) {
            if (!o.equals("--checksum-fill")) return false;
            fill = true;
            return true;
        }

        @Override public Target build() throws IptablesException {
            if (!fill) throw new IptablesException("CHECKSUM target: Parameter --checksum-fill is required", 2);
            return ChecksumTarget.FILL;
        }
    }
}
