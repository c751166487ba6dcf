package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;

/**
 * {@code -m icmp --icmp-type TYPE[/CODE]}: a type and a range of codes, as libipt_icmp keeps them
 * (a name gives its type and codes; a bare type takes codes 0-255; type 255, {@code any}, matches
 * every ICMP packet, as the kernel's icmp_type_code_match does).
 */
final class IcmpMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("icmp", Parser::new);

    /** libipt_icmp's names, in its order (a prefix picks a name; two names with it are ambiguous). */
    private record Name(String name, int type, int codeMin, int codeMax) {}

    private static final Name[] NAMES = {
            new Name("any", 255, 0, 255),
            new Name("echo-reply", 0, 0, 255),
            new Name("pong", 0, 0, 255),
            new Name("destination-unreachable", 3, 0, 255),
            new Name("network-unreachable", 3, 0, 0),
            new Name("host-unreachable", 3, 1, 1),
            new Name("protocol-unreachable", 3, 2, 2),
            new Name("port-unreachable", 3, 3, 3),
            new Name("fragmentation-needed", 3, 4, 4),
            new Name("source-route-failed", 3, 5, 5),
            new Name("network-unknown", 3, 6, 6),
            new Name("host-unknown", 3, 7, 7),
            new Name("network-prohibited", 3, 9, 9),
            new Name("host-prohibited", 3, 10, 10),
            new Name("TOS-network-unreachable", 3, 11, 11),
            new Name("TOS-host-unreachable", 3, 12, 12),
            new Name("communication-prohibited", 3, 13, 13),
            new Name("host-precedence-violation", 3, 14, 14),
            new Name("precedence-cutoff", 3, 15, 15),
            new Name("source-quench", 4, 0, 255),
            new Name("redirect", 5, 0, 255),
            new Name("network-redirect", 5, 0, 0),
            new Name("host-redirect", 5, 1, 1),
            new Name("TOS-network-redirect", 5, 2, 2),
            new Name("TOS-host-redirect", 5, 3, 3),
            new Name("echo-request", 8, 0, 255),
            new Name("ping", 8, 0, 255),
            new Name("router-advertisement", 9, 0, 255),
            new Name("router-solicitation", 10, 0, 255),
            new Name("time-exceeded", 11, 0, 255),
            new Name("ttl-exceeded", 11, 0, 255),
            new Name("ttl-zero-during-transit", 11, 0, 0),
            new Name("ttl-zero-during-reassembly", 11, 1, 1),
            new Name("parameter-problem", 12, 0, 255),
            new Name("ip-header-bad", 12, 0, 0),
            new Name("required-option-missing", 12, 1, 1),
            new Name("timestamp-request", 13, 0, 255),
            new Name("timestamp-reply", 14, 0, 255),
            new Name("address-mask-request", 17, 0, 255),
            new Name("address-mask-reply", 18, 0, 255),
    };

    private final int type;
    private final int codeMin;
    private final int codeMax;
    private final boolean inverted;

    IcmpMatch(int type, int codeMin, int codeMax, boolean inverted) {
        this.type = type;
        this.codeMin = codeMin;
        this.codeMax = codeMax;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        Packet p = ctx.packet();
        if (!p.isIcmp()) return false;
        boolean hit = type == 255
                || p.icmpType() == type && p.icmpCode() >= codeMin && p.icmpCode() <= codeMax;
        return hit != inverted;
    }

    @Override public int protocol() {
        return dev.nflab.packet.Protocol.ICMP;
    }

    @Override public String toSave() {
        // libipt_icmp's save: type 255 is "any"; a code only when the codes are not 0-255
        String value = type == 255 ? "any"
                : type + (codeMin != 0 || codeMax != 255 ? "/" + codeMin : "");
        return "-m icmp " + (inverted ? "! " : "") + "--icmp-type " + value;
    }

    @Override public String toListing(Dialect dialect) {
        // libipt_icmp: " icmp", then " !" when inverted, then "type N": "icmptype 8", "icmp !type 3".
        String codes = codeMin == codeMax ? " code " + codeMin
                : codeMin != 0 || codeMax != 255 ? " codes " + codeMin + "-" + codeMax : "";
        return " icmp" + (inverted ? " !" : "") + "type " + type + codes;
    }

    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--icmp-type");
        }

        private int type = -1, codeMin, codeMax;
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--icmp-type")) return false;
            String v = args.value(o);
            inverted = inv;
            Name match = null;
            for (Name n : NAMES) {
                if (n.name().length() >= v.length() && n.name().regionMatches(true, 0, v, 0, v.length())) {
                    if (match != null) {
                        throw new ParameterProblem("Ambiguous ICMP type `" + v + "': `" + match.name() + "' or `"
                                + n.name() + "'?");
                    }
                    match = n;
                }
            }
            if (match != null) {
                type = match.type();
                codeMin = match.codeMin();
                codeMax = match.codeMax();
                return true;
            }
            int slash = v.indexOf('/');
            long[] t = Services.strtoui(slash < 0 ? v : v.substring(0, slash), 255, true);
            if (t == null) throw new ParameterProblem("Unknown ICMP type `" + v + "'");
            type = (int) t[0];
            if (slash < 0) {
                codeMin = 0;
                codeMax = 255;
            } else {
                long[] c = Services.strtoui(v.substring(slash + 1), 255, true);
                if (c == null) throw new ParameterProblem("Unknown ICMP code `" + v + "'");
                codeMin = codeMax = (int) c[0];
            }
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (type < 0) throw new ParameterProblem("icmp: option \"--icmp-type\" must be specified");
            return new IcmpMatch(type, codeMin, codeMax, inverted);
        }
    }
}
