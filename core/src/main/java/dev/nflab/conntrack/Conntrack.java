package dev.nflab.conntrack;

import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import dev.nflab.packet.TcpFlags;

/**
 * Connection tracking at PREROUTING and OUTPUT (priority -200): finds or creates the packet's
 * connection and gives the packet its state. A new connection stays unconfirmed until its first
 * packet leaves the last hook; {@link #confirm} then makes it visible. A first packet dropped on
 * the way leaves no entry, so its retransmission is NEW again.
 */
public final class Conntrack {
    private final ConntrackTable table = new ConntrackTable();
    /** The model's clock, in seconds: timeouts count in it. It moves only when told to. */
    private long now;

    /** The result of looking a packet up: its connection (null if none) and state. */
    public record Lookup(Connection connection, CtState state, boolean replyDirection) {
        static final Lookup INVALID = new Lookup(null, CtState.INVALID, false);
    }

    public ConntrackTable table() {
        return table;
    }

    /** The clock, in seconds. */
    public long now() {
        return now;
    }

    /** Moves the clock forward; entries whose timeout passes are gone from then on. */
    public void advance(long seconds) {
        if (seconds < 0) throw new IllegalArgumentException("time only moves forward");
        now += seconds;
    }

    /** Looks the packet up, creating an unconfirmed connection for a valid first packet. */
    public Lookup track(Packet p) {
        if (p.isIcmpError()) return related(p);
        int proto = p.protocol();
        int sport, dport;
        if (Protocol.hasPorts(proto)) {
            sport = p.sourcePort();
            dport = p.destinationPort();
        } else if (proto == Protocol.ICMP) {
            sport = p.icmpId();
            dport = (p.icmpType() << 8) | p.icmpCode();
        } else {
            sport = 0;
            dport = 0;
        }
        table.sweep(now, 4);
        Connection c = table.find(proto, p.source(), p.destination(), sport, dport);
        if (c != null && c.expires() <= now) {
            table.remove(c); // timed out: as if it were never there
            c = null;
        }
        int flags = p.tcpFlags();
        if (c != null) {
            boolean reply = ConntrackTable.isReply(c, p.source(), p.destination(), sport, dport);
            if (proto == Protocol.TCP && !reply && isSyn(flags)
                    && (c.tcpState() == TcpState.TIME_WAIT || c.tcpState() == TcpState.CLOSE)) {
                // A new SYN on a closed connection's tuple reopens it: the old entry goes.
                table.remove(c);
                return create(p, proto, sport, dport, flags);
            }
            boolean replied = c.seenReply();
            c.update(reply, flags);
            c.refresh(now);
            if (proto == Protocol.TCP && reply && !replied && (flags & TcpFlags.RST) != 0) {
                // "If only reply is a RST, we can consider ourselves not to have an established
                // connection" (nf_conntrack_proto_tcp): the entry goes at once; this packet keeps it.
                table.remove(c);
            }
            CtState state = reply || c.seenReply() ? CtState.ESTABLISHED : CtState.NEW;
            return new Lookup(c, state, reply);
        }
        return create(p, proto, sport, dport, flags);
    }

    private Lookup create(Packet p, int proto, int sport, int dport, int flags) {
        if (proto == Protocol.TCP && !validNewTcp(flags)) return Lookup.INVALID;
        if (proto == Protocol.ICMP && !validNewIcmp(p.icmpType())) return Lookup.INVALID;
        Connection c = new Connection(proto, p.source(), p.destination(), sport, dport);
        c.update(false, flags);
        c.refresh(now);
        return new Lookup(c, CtState.NEW, false);
    }

    /**
     * An ICMP error is RELATED to the connection of the packet it quotes, else INVALID (no
     * connection: nf_conntrack_inet_error). The quoted packet went the other way, so its tuple is
     * inverted and looked up; the direction found is the error's own.
     */
    private Lookup related(Packet p) {
        Packet inner = p.inner();
        if (inner == null) return Lookup.INVALID;
        int sport, dport;
        if (inner.hasPorts()) {
            sport = inner.sourcePort();
            dport = inner.destinationPort();
        } else if (inner.isIcmp()) {
            sport = inner.icmpId();
            dport = (inner.icmpType() << 8) | inner.icmpCode();
        } else {
            sport = 0;
            dport = 0;
        }
        // The quoted packet went the other way: look up its tuple inverted.
        Tuple quoted = new Tuple(inner.source(), inner.destination(), inner.protocol(), sport, dport);
        Tuple t = quoted.invert();
        Connection c = table.find(t.protocol(), t.source(), t.destination(), t.sourcePort(), t.destinationPort());
        if (c == null) return Lookup.INVALID;
        boolean reply = ConntrackTable.isReply(c, t.source(), t.destination(), t.sourcePort(), t.destinationPort());
        // The error must travel to where that direction goes ("outer daddr != inner"): an error
        // about a connection sent to a third host is not RELATED.
        if (p.destination() != c.tuple(reply).destination()) return Lookup.INVALID;
        return new Lookup(c, CtState.RELATED, reply);
    }

    /**
     * Starts from connections a real host had already tracked ({@link ConntrackListing}): each is
     * confirmed, with the seconds it had left counted from the model's clock now.
     */
    public void restore(Iterable<Connection> listed) {
        for (Connection c : listed) {
            c.restoreExpiry(now + c.expires());
            table.confirm(c);
        }
    }

    /** Confirms the packet's connection as it leaves the last hook (no-op if already confirmed). */
    public void confirm(Connection c) {
        if (c != null && !c.isConfirmed()) table.confirm(c);
    }

    private static boolean isSyn(int flags) {
        return (flags & (TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST)) == TcpFlags.SYN;
    }

    /**
     * Which TCP packets may start a connection: a SYN, or (nf_conntrack_tcp_loose) a plain ACK
     * picked up mid-stream. SYN/ACK, FIN, RST and flagless segments without a connection are
     * INVALID, as in the kernel's state table.
     */
    private static boolean validNewTcp(int flags) {
        if ((flags & TcpFlags.RST) != 0) return false;
        if ((flags & TcpFlags.SYN) != 0) return (flags & TcpFlags.ACK) == 0;
        if ((flags & TcpFlags.FIN) != 0) return false;
        return (flags & TcpFlags.ACK) != 0;
    }

    /** ICMP queries that start a connection: echo, timestamp, info, address mask requests. */
    private static boolean validNewIcmp(int type) {
        return type == 8 || type == 13 || type == 15 || type == 17;
    }
}
