package dev.nflab.packet;

/**
 * One IPv4 packet as netfilter sees it: the IP header, the transport header the matches read, and
 * the skb metadata the rules can set ({@code mark}). NAT rewrites addresses and ports in place, as
 * the kernel does, so a packet is mutable; {@link #copy()} it to keep the original.
 *
 * <p>{@link #length()} is the IP total length: what iptables' byte counters add up.
 */
public final class Packet {
    private int source;
    private int destination;
    private int protocol;
    private int sourcePort;
    private int destinationPort;
    private int tcpFlags;
    private int tcpHeaderLength = 20;
    private int icmpType = -1;
    private int icmpCode;
    private int icmpId;
    private int length;
    private int ttl = 64;
    private int id;
    private int tos;
    private boolean dontFragment = true;
    private int mark;
    /** The local socket that sent it (skb->sk), null for none: what -m owner reads. */
    private Socket socket;
    /** The offending packet's header, for ICMP errors (destination unreachable, time exceeded). */
    private Packet inner;

    private Packet() {}

    /** A TCP segment; {@code length} is the IP total length. */
    public static Packet tcp(int src, int sport, int dst, int dport, int flags, int length) {
        Packet p = new Packet();
        p.protocol = Protocol.TCP;
        p.source = src;
        p.sourcePort = sport;
        p.destination = dst;
        p.destinationPort = dport;
        p.tcpFlags = flags;
        p.length = length;
        return p;
    }

    public static Packet udp(int src, int sport, int dst, int dport, int length) {
        Packet p = new Packet();
        p.protocol = Protocol.UDP;
        p.source = src;
        p.sourcePort = sport;
        p.destination = dst;
        p.destinationPort = dport;
        p.length = length;
        return p;
    }

    public static Packet icmp(int src, int dst, int type, int code, int id, int length) {
        Packet p = new Packet();
        p.protocol = Protocol.ICMP;
        p.source = src;
        p.destination = dst;
        p.icmpType = type;
        p.icmpCode = code;
        p.icmpId = id;
        p.length = length;
        return p;
    }

    /** An ICMP error about {@code offending}, whose header (and 8 bytes) it carries. */
    public static Packet icmpError(int src, int dst, int type, int code, Packet offending) {
        Packet inner = offending.copy();
        // An ICMP error carries the offending IP header and the first 8 bytes of its payload.
        int length = 20 + 8 + Math.min(offending.length, 548);
        Packet p = icmp(src, dst, type, code, 0, length);
        p.inner = inner;
        return p;
    }

    /** Any other IP protocol, with no transport header the model reads. */
    public static Packet raw(int src, int dst, int protocol, int length) {
        Packet p = new Packet();
        p.protocol = protocol;
        p.source = src;
        p.destination = dst;
        p.length = length;
        return p;
    }

    public Packet copy() {
        Packet p = new Packet();
        p.source = source;
        p.destination = destination;
        p.protocol = protocol;
        p.sourcePort = sourcePort;
        p.destinationPort = destinationPort;
        p.tcpFlags = tcpFlags;
        p.tcpHeaderLength = tcpHeaderLength;
        p.icmpType = icmpType;
        p.icmpCode = icmpCode;
        p.icmpId = icmpId;
        p.length = length;
        p.ttl = ttl;
        p.id = id;
        p.tos = tos;
        p.dontFragment = dontFragment;
        p.mark = mark;
        p.socket = socket;
        p.inner = inner == null ? null : inner.copy();
        return p;
    }

    public int source() { return source; }
    public int destination() { return destination; }
    public int protocol() { return protocol; }
    public int sourcePort() { return sourcePort; }
    public int destinationPort() { return destinationPort; }
    public int tcpFlags() { return tcpFlags; }
    public int tcpHeaderLength() { return tcpHeaderLength; }
    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }
    public int icmpId() { return icmpId; }
    public int length() { return length; }
    public int ttl() { return ttl; }
    public int id() { return id; }
    public int tos() { return tos; }
    public boolean dontFragment() { return dontFragment; }
    public int mark() { return mark; }
    public Socket socket() { return socket; }
    public Packet inner() { return inner; }

    public boolean isTcp() { return protocol == Protocol.TCP; }
    public boolean isUdp() { return protocol == Protocol.UDP; }
    public boolean isIcmp() { return protocol == Protocol.ICMP; }
    public boolean hasPorts() { return Protocol.hasPorts(protocol); }

    /** ICMP destination unreachable, source quench, redirect, time exceeded, parameter problem. */
    public boolean isIcmpError() {
        return protocol == Protocol.ICMP
                && (icmpType == 3 || icmpType == 4 || icmpType == 5 || icmpType == 11 || icmpType == 12);
    }

    public Packet withTtl(int ttl) { this.ttl = ttl; return this; }
    public Packet withId(int id) { this.id = id; return this; }
    public Packet withTos(int tos) { this.tos = tos; return this; }
    public Packet withDontFragment(boolean df) { this.dontFragment = df; return this; }
    public Packet withTcpHeaderLength(int bytes) { this.tcpHeaderLength = bytes; return this; }
    public Packet withMark(int mark) { this.mark = mark; return this; }
    public Packet withSocket(Socket socket) { this.socket = socket; return this; }
    public Packet withInner(Packet inner) { this.inner = inner; return this; }

    // Rewrites done by NAT and by the MARK target: package-private users go through these.
    public void setSource(int address) { this.source = address; }
    public void setDestination(int address) { this.destination = address; }
    public void setSourcePort(int port) { this.sourcePort = port; }
    public void setDestinationPort(int port) { this.destinationPort = port; }
    public void setMark(int mark) { this.mark = mark; }
    public void setIcmpId(int id) { this.icmpId = id; }

    /** Sets what a trace could not show about an ICMP packet, once a capture told it. */
    public void overwriteIcmp(int type, int code, Packet inner) {
        this.icmpType = type;
        this.icmpCode = code;
        this.inner = inner;
    }
    public void decrementTtl() { this.ttl--; }

    /** A short human description: {@code TCP 172.31.32.1:56178 > 172.31.37.164:80 [SYN] len 60}. */
    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        String name = Protocol.name(protocol);
        b.append(name == null ? "proto " + protocol : name.toUpperCase(java.util.Locale.ROOT)).append(' ');
        if (hasPorts()) {
            b.append(Ipv4.format(source)).append(':').append(sourcePort).append(" > ")
                    .append(Ipv4.format(destination)).append(':').append(destinationPort);
        } else {
            b.append(Ipv4.format(source)).append(" > ").append(Ipv4.format(destination));
        }
        if (isTcp()) b.append(" [").append(String.join(",", TcpFlags.names(tcpFlags))).append(']');
        if (isIcmp()) b.append(" type ").append(icmpType).append(" code ").append(icmpCode);
        b.append(" len ").append(length);
        return b.toString();
    }
}
