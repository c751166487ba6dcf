package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;

/** {@code -m icmp --icmp-type TYPE[/CODE]} (code -1: any code). */
final class IcmpMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("icmp", Parser::new);

    private final int type;
    private final int code;
    private final boolean inverted;

    IcmpMatch(int type, int code, boolean inverted) {
        this.type = type;
        this.code = code;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        Packet p = ctx.packet();
        if (!p.isIcmp()) return false;
        boolean hit = p.icmpType() == type && (code < 0 || p.icmpCode() == code);
        return hit != inverted;
    }

    private String value() {
        return code < 0 ? String.valueOf(type) : type + "/" + code;
    }

    @Override public String toSave() {
        return "-m icmp " + (inverted ? "! " : "") + "--icmp-type " + value();
    }

    @Override public String toListing(Dialect dialect) {
        // libipt_icmp: " icmp", then " !" when inverted, then "type N": "icmptype 8", "icmp !type 3".
        return " icmp" + (inverted ? " !" : "") + "type " + type + (code < 0 ? "" : " code " + code);
    }

    private static final class Parser implements OptionParser<Match> {
        private int type = -1, code = -1;
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
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
                // ufw's before.rules: real iptables 1.8.9 saved it as --icmp-type 12 (lab/recorded/ufw-rules)
                case "parameter-problem" -> { type = 12; return true; }
                default -> { }
            }
            try {
                int slash = v.indexOf('/');
                type = Integer.parseInt(slash < 0 ? v : v.substring(0, slash));
                if (slash >= 0) code = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new ParameterProblem("Invalid ICMP type `" + v + "'");
            }
            if (type < 0 || type > 255 || code > 255) throw new ParameterProblem("Invalid ICMP type `" + v + "'");
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (type < 0) throw new ParameterProblem("icmp match: You must specify `--icmp-type'");
            return new IcmpMatch(type, code, inverted);
        }
    }
}
