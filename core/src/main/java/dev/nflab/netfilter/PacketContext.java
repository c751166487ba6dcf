package dev.nflab.netfilter;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.CtState;
import dev.nflab.host.Host;
import dev.nflab.host.NetworkInterface;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * A packet at a hook, with what the matches can ask about it: the interfaces it came in and goes
 * out on (and, for bridged packets, the bridge ports), its connection and conntrack state, and the
 * host (for address types). Targets leave their side effects here: a NAT request, packets to send
 * (REJECT's ICMP error), log lines, the trace flag.
 */
public final class PacketContext {
    private final Host host;
    private Packet packet;
    private Hook hook;
    private NetworkInterface in;
    private NetworkInterface out;
    private NetworkInterface physIn;
    private NetworkInterface physOut;
    private Connection connection;
    // Before conntrack has seen it (raw), a packet has no conntrack entry: xt_conntrack calls that
    // INVALID; only a notrack target makes it UNTRACKED (recorded: extensions/notrack, namespace 9).
    private CtState state = CtState.INVALID;
    private boolean replyDirection;
    /** The conntrack clock (seconds) when the packet was tracked: what --ctexpire counts from. */
    private long clock;
    private boolean untracked;
    private boolean traced;
    private NatRequest natRequest;
    private List<Packet> generated;
    private List<String> log;
    private long nanos;
    private Backend backend = Backend.NFT;

    public PacketContext(Host host, Packet packet) {
        this.host = host;
        this.packet = packet;
    }

    /**
     * When the packet passes, in nanoseconds on the kernel's clock, and which back end holds the
     * rules: what a match driven by time (limit) needs, as the kernel reads jiffies or ktime.
     */
    public void setTime(long nanos, Backend backend) {
        this.nanos = nanos;
        this.backend = backend;
    }

    public long nanos() { return nanos; }

    private RecentTables recent;

    /** The namespace's recent lists (the recent match's tables). */
    public void setRecentTables(RecentTables recent) { this.recent = recent; }

    public RecentTables recentTables() {
        if (recent == null) recent = new RecentTables();
        return recent;
    }
    public Backend backend() { return backend; }

    public Host host() { return host; }
    public Packet packet() { return packet; }
    public Hook hook() { return hook; }
    public NetworkInterface in() { return in; }
    public NetworkInterface out() { return out; }
    public NetworkInterface physIn() { return physIn; }
    public NetworkInterface physOut() { return physOut; }
    public Connection connection() { return connection; }
    public CtState state() { return state; }
    public boolean replyDirection() { return replyDirection; }
    public boolean traced() { return traced; }

    public String inName() { return in == null ? "" : in.name(); }
    public String outName() { return out == null ? "" : out.name(); }

    public void setHook(Hook hook) { this.hook = hook; }
    public void setInterfaces(NetworkInterface in, NetworkInterface out) {
        this.in = in;
        this.out = out;
    }
    public void setBridgePorts(NetworkInterface physIn, NetworkInterface physOut) {
        this.physIn = physIn;
        this.physOut = physOut;
    }
    public void setConnection(Connection connection, CtState state, boolean replyDirection) {
        this.connection = connection;
        this.state = state;
        this.replyDirection = replyDirection;
    }
    public void setTraced(boolean traced) { this.traced = traced; }
    public void setClock(long clock) { this.clock = clock; }
    public long clock() { return clock; }

    /**
     * {@code CT --notrack}: the packet is UNTRACKED (IP_CT_UNTRACKED), so conntrack leaves it
     * alone at every later hook and no connection, so no NAT, is made for it.
     */
    public void markUntracked() {
        this.connection = null;
        this.state = CtState.UNTRACKED;
        this.replyDirection = false;
        this.untracked = true;
    }

    private boolean attached;

    /**
     * The packet comes with a connection already (nf_ct_attach: REJECT's reset carries the one of
     * the packet it answers, in the other direction, RELATED): conntrack does not look it up.
     */
    public void attach(Connection connection, boolean replyDirection) {
        setConnection(connection, CtState.RELATED, replyDirection);
        attached = true;
    }

    public boolean attached() { return attached; }

    /** Whether a notrack target made the packet UNTRACKED (see {@link #markUntracked}). */
    public boolean untracked() { return untracked; }

    /** NAT targets ask for a translation here; the nat hook applies it to the connection. */
    public void requestNat(NatRequest request) { this.natRequest = request; }
    public NatRequest natRequest() { return natRequest; }
    public void clearNatRequest() { this.natRequest = null; }

    /** A packet the rules made the host send (REJECT's ICMP error or TCP reset). */
    public void emit(Packet p) {
        if (generated == null) generated = new ArrayList<>(1);
        generated.add(p);
    }

    private boolean generatedDirect;

    /**
     * A packet the rules send straight back out the bridge port the offending packet came in on,
     * bypassing every hook: what nf_send_reset does for a TCP reset to a bridged packet (so
     * the reset carries the right MAC addresses).
     */
    public void emitDirect(Packet p) {
        emit(p);
        generatedDirect = true;
    }

    /** Whether the generated packets bypass the hooks (see {@link #emitDirect}). */
    public boolean generatedDirect() {
        return generatedDirect;
    }

    /** Whether the packet came in through a bridge (br_netfilter keeps bridge info on it). */
    public boolean bridged() {
        return physIn != null || (in != null && in.kind() == dev.nflab.host.InterfaceKind.BRIDGE);
    }

    public List<Packet> generated() {
        return generated == null ? List.of() : generated;
    }

    /** A kernel log line (the LOG target). */
    public void log(String line) {
        if (log == null) log = new ArrayList<>(1);
        log.add(line);
    }

    public List<String> logLines() {
        return log == null ? List.of() : log;
    }
}
