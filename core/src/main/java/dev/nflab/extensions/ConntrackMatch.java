package dev.nflab.extensions;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.CtState;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m conntrack} (revision 3, what iptables 1.8.9 loads) and its older name {@code -m state
 * --state LIST} (an alias of the same match, as libxt_conntrack.c serves both): the packet's
 * conntrack state (with the virtual states SNAT and DNAT), the connection's protocol, the
 * addresses and ports of its original and reply tuples (after NAT: a DNAT shows in the reply
 * tuple), its status bits, the seconds it has left and the packet's direction. As xt_conntrack.c,
 * a packet without a connection (INVALID, UNTRACKED) matches only through {@code --ctstate}.
 */
final class ConntrackMatch implements Match {
    static final MatchExtension CONNTRACK = new MatchExtension("conntrack", () -> new ConntrackParser(false));
    static final MatchExtension STATE = new MatchExtension("state", () -> new ConntrackParser(true));

    /** The order iptables prints states in. */
    private static final CtState[] PRINT_ORDER = {CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT};
    /** The status names, in the order iptables prints them, and their kernel bits (IPS_*). */
    static final String[] STATUS_NAMES = {"EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"};
    static final String[] ADDRESS_OPTIONS = {"ctorigsrc", "ctorigdst", "ctreplsrc", "ctrepldst"};
    static final String[] PORT_OPTIONS = {"ctorigsrcport", "ctorigdstport", "ctreplsrcport", "ctrepldstport"};

    /** An option's value with its {@code !}; one per option of the rule, null when absent. */
    record Bits(int value, boolean inverted) {}
    record Address(XtValues.HostMask value, boolean inverted) {}
    record Ports(int low, int high, boolean inverted) {}
    record Expire(long min, long max, boolean inverted) {}

    private final boolean stateAlias;
    private final Bits state;
    private final Bits proto;
    private final Address[] addresses;
    private final Ports[] ports;
    private final Bits status;
    private final Expire expire;
    /** 0 no --ctdir, 1 ORIGINAL, 2 REPLY. */
    private final int direction;

    ConntrackMatch(boolean stateAlias, Bits state, Bits proto, Address[] addresses, Ports[] ports,
                   Bits status, Expire expire, int direction) {
        this.stateAlias = stateAlias;
        this.state = state;
        this.proto = proto;
        this.addresses = addresses;
        this.ports = ports;
        this.status = status;
        this.expire = expire;
        this.direction = direction;
    }

    @Override public boolean matches(PacketContext ctx) {
        Connection c = ctx.connection();
        if (state != null) {
            int bits = ctx.state().bit();
            if (c != null) {
                if (c.hasSourceNat()) bits |= CtState.SNAT.bit();
                if (c.hasDestinationNat()) bits |= CtState.DNAT.bit();
            }
            if (((bits & state.value()) != 0) == state.inverted()) return false;
        }
        if (c == null) return state != null;
        if (direction != 0 && ctx.replyDirection() != (direction == 2)) return false;
        for (int i = 0; i < 4; i++) {
            Address a = addresses[i];
            if (a == null) continue;
            int k = switch (i) {
                case 0 -> c.originalSource();
                case 1 -> c.originalDestination();
                case 2 -> c.replySource();
                default -> c.replyDestination();
            };
            if ((((k ^ a.value().address()) & a.value().mask()) == 0) == a.inverted()) return false;
        }
        if (proto != null && (c.protocol() == proto.value()) == proto.inverted()) return false;
        for (int i = 0; i < 4; i++) {
            Ports p = ports[i];
            if (p == null) continue;
            // the tuple's "ports": for ICMP the id (source) and type << 8 | code (destination)
            int k = switch (i) {
                case 0 -> c.originalSourcePort();
                case 1 -> c.originalDestinationPort();
                case 2 -> c.replySourcePort();
                default -> c.replyDestinationPort();
            };
            if ((k >= p.low() && k <= p.high()) == p.inverted()) return false;
        }
        if (status != null && ((status.value() & c.kernelStatus()) != 0) == status.inverted()) return false;
        if (expire != null) {
            long left = c.secondsLeft(ctx.clock());
            if ((left >= expire.min() && left <= expire.max()) == expire.inverted()) return false;
        }
        return true;
    }

    /** Both take a reference on conntrack in their checkentry (nf_ct_netns_get). */
    @Override public boolean needsConntrack() {
        return true;
    }

    private static String states(int mask) {
        List<String> names = new ArrayList<>();
        for (CtState s : PRINT_ORDER) {
            if ((mask & s.bit()) != 0) names.add(s.name());
        }
        return String.join(",", names);
    }

    static String statuses(int mask) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < STATUS_NAMES.length; i++) {
            if ((mask & (1 << i)) != 0) names.add(STATUS_NAMES[i]);
        }
        return mask == 0 ? "NONE" : String.join(",", names);
    }

    @Override public String toSave() {
        return "-m " + (stateAlias ? "state" : "conntrack") + dump("--");
    }

    @Override public String toListing(Dialect dialect) {
        return dump("");
    }

    /** conntrack_dump: the options in libxt_conntrack's order, each "! " first when negated. */
    private String dump(String prefix) {
        StringBuilder b = new StringBuilder();
        if (state != null) {
            b.append(state.inverted() ? " ! " : " ").append(prefix).append(stateAlias ? "state " : "ctstate ")
                    .append(states(state.value()));
        }
        if (proto != null) b.append(proto.inverted() ? " ! " : " ").append(prefix).append("ctproto ").append(proto.value());
        for (int i = 0; i < 4; i++) {
            Address a = addresses[i];
            if (a == null) continue;
            int mask = a.value().mask();
            b.append(a.inverted() ? " ! " : " ").append(prefix).append(ADDRESS_OPTIONS[i]).append(' ')
                    .append(Ipv4.format(a.value().address()));
            if (mask != -1) {
                int len = XtValues.prefixLength(mask);
                b.append('/').append(len >= 0 ? String.valueOf(len) : Ipv4.format(mask));
            }
        }
        for (int i = 0; i < 4; i++) {
            Ports p = ports[i];
            if (p == null) continue;
            b.append(p.inverted() ? " ! " : " ").append(prefix).append(PORT_OPTIONS[i]).append(' ').append(p.low());
            if (p.high() != 0 && p.high() != p.low()) b.append(':').append(p.high());
        }
        if (status != null) {
            b.append(status.inverted() ? " ! " : " ").append(prefix).append("ctstatus ").append(statuses(status.value()));
        }
        if (expire != null) {
            b.append(expire.inverted() ? " ! " : " ").append(prefix).append("ctexpire ").append(expire.min());
            if (expire.max() != expire.min()) b.append(':').append(expire.max());
        }
        if (direction != 0) b.append(' ').append(prefix).append("ctdir ").append(direction == 2 ? "REPLY" : "ORIGINAL");
        return b.toString();
    }
}
