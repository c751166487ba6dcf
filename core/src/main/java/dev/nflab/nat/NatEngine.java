package dev.nflab.nat;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.ConntrackTable;
import dev.nflab.conntrack.CtState;
import dev.nflab.conntrack.Tuple;
import dev.nflab.netfilter.NatRequest;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;

/**
 * Where NAT happens. On a connection's first packet the nat table's verdict becomes a binding
 * ({@link #setup}): the connection's reply tuple is rewritten, as nf_nat_setup_info does. Every
 * packet of the connection, both ways, is then rewritten from the binding ({@link #manip}), so the
 * nat table is consulted once per connection and its counters count connections.
 */
public final class NatEngine {
    private NatEngine() {}

    /**
     * Records the translation a NAT target asked for (or a null binding when none did) on a new
     * connection. SNAT keeps the source port unless another connection already uses the
     * resulting tuple; then it takes the next free one (the kernel picks one at random).
     */
    public static void setup(Connection c, NatRequest request, boolean sourceManip, ConntrackTable table) {
        Tuple current = c.reply().invert();
        Tuple wanted = current;
        if (request != null && request.source() == sourceManip) {
            int address = request.addressLow();
            if (sourceManip) {
                int port = pickPort(current.sourcePort(), request);
                wanted = current.withSource(address, port);
                if (Protocol.hasPorts(c.protocol())) {
                    int low = request.hasPorts() ? request.portLow() : 1024;
                    int high = request.hasPorts() ? request.portHigh() : 65535;
                    int tries = 0;
                    while (table.inUse(wanted.invert()) && tries++ < 65536) {
                        port = port >= high ? low : port + 1;
                        wanted = current.withSource(address, port);
                    }
                }
            } else {
                wanted = current.withDestination(address, pickPort(current.destinationPort(), request));
            }
        }
        c.bindNat(wanted, sourceManip);
    }

    private static int pickPort(int port, NatRequest request) {
        if (!request.hasPorts()) return port;
        return port >= request.portLow() && port <= request.portHigh() ? port : request.portLow();
    }

    /**
     * Rewrites the packet from its connection's binding at a hook doing {@code sourceManip}
     * (SNAT: POSTROUTING, INPUT) or not (DNAT: PREROUTING, OUTPUT). A reply undoes the other kind:
     * at PREROUTING, a reply to a masqueraded connection gets its original destination back.
     * ICMP errors about the connection have their quoted header translated too.
     *
     * @return whether the packet changed
     */
    public static boolean manip(Packet p, Connection c, CtState state, boolean reply, boolean sourceManip) {
        boolean needed = sourceManip ? c.hasSourceNat() : c.hasDestinationNat();
        if (reply) needed = sourceManip ? c.hasDestinationNat() : c.hasSourceNat();
        if (!needed) return false;
        if (state == CtState.RELATED && p.inner() != null) {
            // The quoted packet travelled the other way: the other kind of manip, from tuple[!dir].
            rewrite(p.inner(), c.tuple(!reply), !sourceManip);
        }
        // The target is the other direction's tuple inverted: its source is that tuple's
        // destination, and the other way round (ICMP ids stay; they are not ports).
        boolean ports = p.hasPorts();
        if (sourceManip) {
            int address = reply ? c.originalDestination() : c.replyDestination();
            int port = reply ? c.originalDestinationPort() : c.replyDestinationPort();
            boolean changed = p.source() != address || (ports && p.sourcePort() != port);
            p.setSource(address);
            if (ports) p.setSourcePort(port);
            return changed;
        }
        int address = reply ? c.originalSource() : c.replySource();
        int port = reply ? c.originalSourcePort() : c.replySourcePort();
        boolean changed = p.destination() != address || (ports && p.destinationPort() != port);
        p.setDestination(address);
        if (ports) p.setDestinationPort(port);
        return changed;
    }

    private static boolean rewrite(Packet p, Tuple target, boolean source) {
        boolean ports = p.hasPorts();
        if (source) {
            boolean changed = p.source() != target.source() || (ports && p.sourcePort() != target.sourcePort());
            p.setSource(target.source());
            if (ports) p.setSourcePort(target.sourcePort());
            return changed;
        }
        boolean changed = p.destination() != target.destination()
                || (ports && p.destinationPort() != target.destinationPort());
        p.setDestination(target.destination());
        if (ports) p.setDestinationPort(target.destinationPort());
        return changed;
    }
}
