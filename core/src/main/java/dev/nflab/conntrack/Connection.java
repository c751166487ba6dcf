package dev.nflab.conntrack;

import dev.nflab.packet.Protocol;
import dev.nflab.packet.TcpFlags;

/**
 * One tracked connection: its original and reply tuples, its NAT status and its protocol state.
 * NAT is recorded, as in the kernel, by rewriting the reply tuple: a DNAT of 172.31.37.164:80 to
 * 172.17.0.2:80 makes the reply tuple {@code src=172.17.0.2 sport=80}. Kept small (plain int
 * fields, no tuple objects) so a host can track millions of connections.
 */
public final class Connection {
    static final int SEEN_REPLY = 1;
    static final int ASSURED = 2;
    static final int CONFIRMED = 4;
    static final int SRC_NAT = 8;
    static final int DST_NAT = 16;
    static final int SRC_NAT_DONE = 32;
    static final int DST_NAT_DONE = 64;
    /** Removed from the table (timed out, killed): never confirmed again. */
    static final int DYING = 128;

    final int protocol;
    final int oSrc, oDst, oSport, oDport;
    int rSrc, rDst, rSport, rDport;
    int status;
    private byte tcpState;
    /** Which direction sent the first FIN (0 original, 1 reply), for the closing states. */
    private byte finDirection = -1;
    private int mark;
    /** When the entry times out, in seconds of the model's clock (conntrack's timeouts). */
    private long expires;

    /** A new, unconfirmed connection for a packet with this original tuple. */
    public Connection(int protocol, int src, int dst, int sport, int dport) {
        this.protocol = protocol;
        this.oSrc = src;
        this.oDst = dst;
        this.oSport = sport;
        this.oDport = dport;
        Tuple reply = original().invert();
        this.rSrc = reply.source();
        this.rDst = reply.destination();
        this.rSport = reply.sourcePort();
        this.rDport = reply.destinationPort();
    }

    public Tuple original() {
        return new Tuple(oSrc, oDst, protocol, oSport, oDport);
    }

    public Tuple reply() {
        return new Tuple(rSrc, rDst, protocol, rSport, rDport);
    }

    /** The tuple of direction {@code replyDirection}. */
    public Tuple tuple(boolean replyDirection) {
        return replyDirection ? reply() : original();
    }

    /**
     * Binds a NAT decision (nf_nat_setup_info): {@code translated} is how the original direction
     * looks after the translation; the reply tuple becomes its inverse. Marks the kind of NAT as
     * decided, and as done if anything changed.
     */
    public void bindNat(Tuple translated, boolean source) {
        Tuple before = reply().invert();
        Tuple reply = translated.invert();
        rSrc = reply.source();
        rDst = reply.destination();
        rSport = reply.sourcePort();
        rDport = reply.destinationPort();
        status |= source ? SRC_NAT_DONE : DST_NAT_DONE;
        if (!translated.equals(before)) status |= source ? SRC_NAT : DST_NAT;
    }

    public int protocol() { return protocol; }
    public int originalSource() { return oSrc; }
    public int originalDestination() { return oDst; }
    public int originalSourcePort() { return oSport; }
    public int originalDestinationPort() { return oDport; }
    public int replySource() { return rSrc; }
    public int replyDestination() { return rDst; }
    public int replySourcePort() { return rSport; }
    public int replyDestinationPort() { return rDport; }
    public boolean isConfirmed() { return (status & CONFIRMED) != 0; }
    public boolean seenReply() { return (status & SEEN_REPLY) != 0; }
    public boolean isAssured() { return (status & ASSURED) != 0; }
    public boolean hasSourceNat() { return (status & SRC_NAT) != 0; }
    public boolean hasDestinationNat() { return (status & DST_NAT) != 0; }
    public int mark() { return mark; }
    public long expires() { return expires; }

    /**
     * The status bits as the kernel numbers them (IPS_EXPECTED 1, SEEN_REPLY 2, ASSURED 4,
     * CONFIRMED 8), for {@code --ctstatus}; the model has no expectations, so never EXPECTED.
     */
    public int kernelStatus() {
        return (seenReply() ? 2 : 0) | (isAssured() ? 4 : 0) | (isConfirmed() ? 8 : 0);
    }

    /**
     * The whole seconds left before the entry times out at {@code now} (nf_ct_expires / HZ), for
     * {@code --ctexpire}. An unconfirmed entry's timeout is still relative (it becomes a date at
     * confirmation), so the kernel's subtraction gives 0 for it.
     */
    public long secondsLeft(long now) {
        return isConfirmed() ? Math.max(expires - now, 0) : 0;
    }

    /** The timeout of the connection's current state, as nf_conntrack's defaults set it. */
    public int timeoutSeconds() {
        if (protocol == Protocol.TCP) return tcpState().timeoutSeconds();
        if (protocol == Protocol.UDP) return isAssured() ? 120 : 30;
        if (protocol == Protocol.ICMP) return 30;
        return 600; // nf_conntrack_generic_timeout (IGMP, for one)
    }

    /** Restarts the entry's timer from {@code now} (every packet of the connection does). */
    void refresh(long now) {
        expires = now + timeoutSeconds();
    }
    public void setMark(int mark) { this.mark = mark; }

    /**
     * Sets what a {@code conntrack -L} line says of an entry ({@link ConntrackListing}): whether a
     * reply was seen, ASSURED, the TCP state, the mark, and the seconds it has left from now.
     */
    void restore(boolean seenReply, boolean assured, TcpState tcp, int mark, long secondsLeft) {
        if (seenReply) status |= SEEN_REPLY;
        if (assured) status |= ASSURED;
        if (tcp != null) tcpState = (byte) tcp.ordinal();
        this.mark = mark;
        this.expires = secondsLeft;
    }

    void restoreExpiry(long at) {
        expires = at;
    }

    /** Whether NAT of this kind (source or destination) has been decided for the connection. */
    public boolean natInitialized(boolean source) {
        return (status & (source ? SRC_NAT_DONE : DST_NAT_DONE)) != 0;
    }

    private static final TcpState[] TCP_STATES = TcpState.values();

    public TcpState tcpState() {
        return TCP_STATES[tcpState];
    }

    /**
     * Records a packet of this connection: SEEN_REPLY and ASSURED, and the TCP state machine
     * (the common transitions of the kernel's nf_conntrack_proto_tcp table).
     */
    public void update(boolean replyDirection, int tcpFlags) {
        if (replyDirection) status |= SEEN_REPLY;
        if (protocol == Protocol.TCP) {
            updateTcp(replyDirection, tcpFlags);
        } else if (protocol == Protocol.UDP && !replyDirection && seenReply()) {
            // UDP: assured once traffic was seen both ways and then once more. ICMP never is
            // (nf_conntrack_proto_icmp sets no ASSURED: real --ctstatus ASSURED counts 0 pings).
            status |= ASSURED;
        }
    }

    private void updateTcp(boolean reply, int flags) {
        TcpState s = tcpState();
        boolean syn = (flags & TcpFlags.SYN) != 0;
        boolean ack = (flags & TcpFlags.ACK) != 0;
        boolean fin = (flags & TcpFlags.FIN) != 0;
        boolean rst = (flags & TcpFlags.RST) != 0;
        TcpState next = s;
        int dir = reply ? 1 : 0;
        if (rst) {
            next = TcpState.CLOSE;
        } else if (syn && !ack && !reply) {
            if (s == TcpState.NONE || s == TcpState.CLOSE || s == TcpState.TIME_WAIT) next = TcpState.SYN_SENT;
        } else if (syn && ack && reply) {
            if (s == TcpState.SYN_SENT) next = TcpState.SYN_RECV;
        } else if (fin) {
            if (s == TcpState.ESTABLISHED || s == TcpState.SYN_RECV) {
                next = TcpState.FIN_WAIT;
                finDirection = (byte) dir;
            } else if ((s == TcpState.FIN_WAIT || s == TcpState.CLOSE_WAIT) && dir != finDirection) {
                next = TcpState.LAST_ACK;
            }
        } else if (ack) {
            switch (s) {
                case SYN_RECV -> {
                    if (!reply) {
                        next = TcpState.ESTABLISHED;
                        status |= ASSURED;
                    }
                }
                case NONE -> next = TcpState.ESTABLISHED; // picked up mid-stream (tcp_loose)
                // tcp_conntracks: an ACK in FIN_WAIT is CLOSE_WAIT whichever way it goes (recorded:
                // raw-notrack, where conntrack only ever sees the side that closed first).
                case FIN_WAIT -> next = TcpState.CLOSE_WAIT;
                case LAST_ACK -> {
                    if (dir == finDirection) next = TcpState.TIME_WAIT;
                }
                default -> { }
            }
        }
        tcpState = (byte) next.ordinal();
    }

    /** A {@code conntrack -L} line (timeouts are the state's full timeout: the model has no clock). */
    public String toListing() {
        StringBuilder b = new StringBuilder();
        // conntrack(8) names the protocols that have a tracker of their own; the rest are "unknown"
        String name = protocol == Protocol.TCP || protocol == Protocol.UDP || protocol == Protocol.ICMP
                || protocol == Protocol.SCTP ? Protocol.name(protocol) : "unknown";
        b.append(String.format("%-8s %d ", name, protocol));
        int timeout;
        if (protocol == Protocol.TCP) {
            timeout = tcpState().timeoutSeconds();
            b.append(timeout).append(' ').append(tcpState().name()).append(' ');
        } else {
            timeout = timeoutSeconds();
            b.append(timeout).append(' ');
        }
        b.append(original().toListing()).append(' ');
        if (!seenReply()) b.append("[UNREPLIED] ");
        b.append(reply().toListing()).append(' ');
        if (isAssured()) b.append("[ASSURED] ");
        b.append("mark=").append(mark).append(" use=1");
        return b.toString();
    }
}
