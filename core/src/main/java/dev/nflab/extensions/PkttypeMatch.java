package dev.nflab.extensions;

import dev.nflab.host.InterfaceKind;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import java.util.Locale;

/**
 * {@code -m pkttype [!] --pkt-type unicast|broadcast|multicast|otherhost} (libxt_pkttype.c,
 * xt_pkttype.c): the link layer's class of the packet's destination, skb->pkt_type, which the
 * receiving device set from the destination MAC. The model has no MACs, so it reads the class
 * the sender chose from the IP destination: a multicast address goes to a group MAC, a broadcast
 * one (the limited or a subnet's) to ff:ff:ff:ff:ff:ff, anything else to the host's own MAC. A
 * packet the host sends (OUTPUT, POSTROUTING) keeps pkt_type 0, unicast, and so does every
 * packet received on lo, whose frames carry lo's own address (recorded:
 * data/real-iptables-1.8.9/extensions/pkttype). {@code otherhost} never matches at the IP hooks:
 * ip_rcv drops such packets first (br_netfilter turns a bridged one into unicast). Same on both
 * back ends.
 */
final class PkttypeMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("pkttype", Parser::new);

    private static final int MULTICAST_NET = 0xe0000000;

    private final String type;
    private final boolean inverted;

    private PkttypeMatch(String type, boolean inverted) {
        this.type = type;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        return type.equals(linkType(ctx)) != inverted;
    }

    private static String linkType(PacketContext ctx) {
        if (ctx.in() == null || ctx.in().kind() == InterfaceKind.LOOPBACK) return "unicast";
        int destination = ctx.packet().destination();
        if ((destination & 0xf0000000) == MULTICAST_NET) return "multicast";
        if (destination == -1 || ctx.host().addressType(destination) == RouteType.BROADCAST) return "broadcast";
        return "unicast";
    }

    @Override public String toSave() {
        return "-m pkttype" + (inverted ? " !" : "") + " --pkt-type " + type;
    }

    @Override public String toListing(Dialect dialect) {
        return " PKTTYPE " + (inverted ? "!= " : "= ") + type;
    }

    /** libxt_pkttype's one option; "host" is unicast's other name, and names ignore case. */
    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--pkt-type");
        }

        private String type;
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--pkt-type")) return false;
            if (type != null) throw new ParameterProblem("pkttype: option \"--pkt-type\" can only be used once.\n");
            String v = args.value(o);
            type = switch (v.toLowerCase(Locale.ROOT)) {
                case "unicast", "host" -> "unicast";
                case "broadcast" -> "broadcast";
                case "multicast" -> "multicast";
                case "otherhost" -> "otherhost";
                default -> throw new ParameterProblem("Bad packet type '" + v + "'");
            };
            inverted = inv;
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (type == null) throw new ParameterProblem("pkttype: option \"--pkt-type\" must be specified\n");
            return new PkttypeMatch(type, inverted);
        }
    }
}
