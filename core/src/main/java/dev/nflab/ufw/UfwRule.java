package dev.nflab.ufw;

import java.util.ArrayList;
import java.util.List;

/**
 * One ufw rule as ufw keeps it: the fields of its {@code ### tuple ###} line in user.rules
 * (action, protocol, destination port and address, source port and address, direction with
 * the interfaces) and the iptables lines ufw writes for it.
 *
 * @param action  allow, deny, reject or limit
 * @param route   a {@code ufw route} rule (chain ufw-user-forward; tuple action {@code route:ACTION})
 * @param protocol any, tcp or udp
 * @param dport   any, or the port as typed after a service name is resolved (22)
 * @param dst     0.0.0.0/0 (::/0 for IPv6), or the address
 * @param sport   any, or the port
 * @param src     0.0.0.0/0 (::/0), or the address
 * @param direction in or out
 * @param inIface the interface after {@code in on}, or empty
 * @param outIface the interface after {@code out on}, or empty
 * @param v6      the rule of user6.rules
 */
public record UfwRule(String action, boolean route, String protocol, String dport, String dst, String sport,
        String src, String direction, String inIface, String outIface, boolean v6) {

    /** The tuple line's fields after {@code ### tuple ### }. */
    public String tuple() {
        String dir = direction;
        if (!inIface.isEmpty() || !outIface.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!inIface.isEmpty()) parts.add("in_" + inIface);
            if (!outIface.isEmpty()) parts.add("out_" + outIface);
            dir = String.join("!", parts);
        }
        return (route ? "route:" : "") + action + " " + protocol + " " + dport + " " + dst + " " + sport + " " + src
                + " " + dir;
    }

    /** The same rule for the other address family, with the other family's "any" addresses. */
    UfwRule withV6(boolean six) {
        String any4 = "0.0.0.0/0", any6 = "::/0";
        String d = dst.equals(any4) || dst.equals(any6) ? (six ? any6 : any4) : dst;
        String s = src.equals(any4) || src.equals(any6) ? (six ? any6 : any4) : src;
        return new UfwRule(action, route, protocol, dport, d, sport, s, direction, inIface, outIface, six);
    }

    /** The rule's lines in user.rules (and, as {@code -A}, the rules ufw inserts when it is active). */
    public List<String> iptablesLines() {
        String p = v6 ? "ufw6" : "ufw";
        String chain = p + "-user-" + (route ? "forward" : direction.equals("out") ? "output" : "input");
        List<String> protos = protocol.equals("any") && (!dport.equals("any") || !sport.equals("any"))
                ? List.of("tcp", "udp") : List.of(protocol);
        List<String> out = new ArrayList<>();
        for (String proto : protos) {
            StringBuilder m = new StringBuilder();
            if (!inIface.isEmpty()) m.append(" -i ").append(inIface);
            if (!outIface.isEmpty()) m.append(" -o ").append(outIface);
            if (!proto.equals("any")) m.append(" -p ").append(proto);
            if (!isAny(dst)) m.append(" -d ").append(dst);
            if (!dport.equals("any")) m.append(" --dport ").append(dport);
            if (!isAny(src)) m.append(" -s ").append(src);
            if (!sport.equals("any")) m.append(" --sport ").append(sport);
            String base = "-A " + chain + m;
            switch (action) {
                case "allow" -> out.add(base + " -j ACCEPT");
                case "deny" -> out.add(base + " -j DROP");
                case "reject" -> out.add(base + (proto.equals("tcp") ? " -j REJECT --reject-with tcp-reset" : " -j REJECT"));
                case "limit" -> {
                    out.add(base + " -m conntrack --ctstate NEW -m recent --set");
                    out.add(base + " -m conntrack --ctstate NEW -m recent --update --seconds 30 --hitcount 6 -j "
                            + p + "-user-limit");
                    out.add(base + " -j " + p + "-user-limit-accept");
                }
                default -> throw new IllegalStateException(action);
            }
        }
        return out;
    }

    static boolean isAny(String address) {
        return address.equals("0.0.0.0/0") || address.equals("::/0");
    }

    /** Whether two rules are the same rule for ufw (its "Skipping adding existing rule"). */
    boolean sameAs(UfwRule o) {
        return tuple().equals(o.tuple()) && v6 == o.v6;
    }
}
