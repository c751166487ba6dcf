package dev.nflab.kernel;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.Conntrack;
import dev.nflab.conntrack.CtState;
import dev.nflab.host.Host;
import dev.nflab.host.NetworkInterface;
import dev.nflab.host.RouteResult;
import dev.nflab.host.RouteType;
import dev.nflab.nat.NatEngine;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.HookPriority;
import dev.nflab.netfilter.NatRequest;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.TraceListener;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IPv4 path of a Linux host through netfilter: what happens to a packet that arrives on an
 * interface ({@link #receive}) or that a local process sends ({@link #send}).
 *
 * <pre>
 *  arriving:  PREROUTING ─ routing ─┬─ INPUT ──────────────────── local socket
 *                                   └─ FORWARD ─ POSTROUTING ──── out an interface
 *  local:     routing ─ OUTPUT ─ (re-route if DNAT) ─ POSTROUTING ─ out (or back in on lo)
 * </pre>
 *
 * At each hook the tables run in priority order, with connection tracking at -200 and its
 * confirmation last. A packet that crosses a Linux bridge with br_netfilter on traverses the same
 * IPv4 hooks with the bridge as its in/out interface.
 */
public final class Kernel {
    private static final int LOOPBACK_NET = Ipv4.parse("127.0.0.0");

    private final Host host;
    private final Ruleset ruleset;
    private final Conntrack conntrack = new Conntrack();
    /**
     * REJECT's resets not sent yet, with the connection of the packet each answers: nf_send_reset
     * attaches it (nf_ct_attach, the other direction, RELATED), so conntrack does not look the
     * reset up, and a nat hook that has not decided that connection's NAT runs its chain for it.
     */
    private final Map<Packet, Attached> attached = new IdentityHashMap<>();

    private record Attached(Connection connection, boolean reply) {}

    /** {@code copy} is sent as {@code generated}, a packet a REJECT rule made, was: it gets its connection. */
    public void sendsAs(Packet copy, Packet generated) {
        Attached a = attached.remove(generated);
        if (a != null) attached.put(copy, a);
    }
    /** The clock the packets pass at, in nanoseconds (limit's bucket reads it). */
    private long nanos;

    public Kernel(Host host, Ruleset ruleset) {
        this.host = host;
        this.ruleset = ruleset;
    }

    public Host host() { return host; }
    public Ruleset ruleset() { return ruleset; }
    public Conntrack conntrack() { return conntrack; }

    /** The time the next packets pass at, in nanoseconds; it only moves forward. */
    public void setClock(long nanos) {
        if (nanos < this.nanos) throw new IllegalArgumentException("time only moves forward");
        this.nanos = nanos;
    }

    public long clock() { return nanos; }

    private PacketContext context(Packet packet) {
        PacketContext ctx = new PacketContext(host, packet);
        ctx.setTime(nanos, ruleset.backend());
        ctx.setRecentTables(ruleset.recentTables());
        return ctx;
    }

    /** A packet arriving on {@code device} (a physical interface, or a bridge port). */
    public PacketResult receive(Packet packet, String device) {
        return receive(packet, device, false);
    }

    /** As {@link #receive(Packet, String)}, recording every step of the path when asked. */
    public PacketResult receive(Packet packet, String device, boolean recordPath) {
        NetworkInterface dev = host.interfaceNamed(device);
        if (dev == null) throw new IllegalArgumentException("Cannot find device \"" + device + "\"");
        PathRecorder path = recordPath ? new PathRecorder() : null;
        PacketContext ctx = context(packet);
        NetworkInterface bridge = host.bridgeOf(dev);
        if (bridge != null) {
            ctx.setInterfaces(bridge, null);
            ctx.setBridgePorts(dev, null);
        } else {
            ctx.setInterfaces(dev, null);
        }
        return input(ctx, path);
    }

    /** A packet a local process sends (source 0 = let the routing decision pick it). */
    public PacketResult send(Packet packet) {
        return send(packet, false);
    }

    public PacketResult send(Packet packet, boolean recordPath) {
        return send(packet, null, recordPath);
    }

    /**
     * A packet a local process sends out of a device it chose itself rather than by the routing
     * table (a multicast packet sent on one interface: IP_MULTICAST_IF, or the IGMP reports the
     * kernel sends for a device's groups); {@code device} null routes as usual.
     */
    public PacketResult send(Packet packet, String device, boolean recordPath) {
        PathRecorder path = recordPath ? new PathRecorder() : null;
        PacketContext ctx = context(packet);
        Attached a = attached.remove(packet);
        if (a != null) ctx.attach(a.connection(), a.reply());
        NetworkInterface out;
        if (device != null) {
            out = host.interfaceNamed(device);
            if (out == null) throw new IllegalArgumentException("no device " + device);
        } else {
            RouteResult route = host.route(packet.destination());
            if (!route.isDeliverable()) return done(ctx, Fate.NOT_ROUTED, path, "no route to host");
            if (packet.source() == 0) packet.setSource(route.preferredSource());
            out = route.isLocal() ? host.interfaceNamed("lo") : route.device();
        }
        ctx.setInterfaces(null, out);
        if (path != null) {
            note(path, Step.Kind.ROUTING, Hook.OUTPUT, (device != null ? "sent out " : "route to "
                    + Ipv4.format(packet.destination()) + " via ") + out.name(), ctx);
        }

        PacketResult stopped = hook(Hook.OUTPUT, ctx, path);
        if (stopped != null) return stopped;
        out = ctx.out();
        PacketResult result = postrouting(ctx, path);
        if (result.fate() == Fate.SENT && out.name().equals("lo")) {
            // Loopback: the packet comes straight back in on lo, its connection still attached.
            PacketContext back = context(packet);
            back.setInterfaces(out, null);
            back.setConnection(ctx.connection(), ctx.state(), ctx.replyDirection());
            if (ctx.attached()) back.attach(ctx.connection(), ctx.replyDirection());
            back.setClock(ctx.clock());
            if (ctx.untracked()) back.markUntracked();
            // The skb keeps its nf_trace mark through lo (x_tables then logs raw's TRACE rule too).
            back.setTraced(ctx.traced());
            return input(back, path);
        }
        return result;
    }

    private PacketResult input(PacketContext ctx, PathRecorder path) {
        Packet packet = ctx.packet();
        PacketResult stopped = hook(Hook.PREROUTING, ctx, path);
        if (stopped != null) return stopped;

        // The routing decision, on the destination as DNAT left it.
        RouteResult route = host.route(packet.destination());
        // 127.0.0.0/8 arriving on another device than lo is a martian unless route_localnet is on.
        boolean martianLoopback = (packet.destination() & 0xff000000) == LOOPBACK_NET && !"lo".equals(ctx.inName())
                && (ctx.in() == null || !ctx.in().routeLocalnet());
        if (route.isLocal() && !martianLoopback) {
            if (path != null) {
                note(path, Step.Kind.ROUTING, Hook.PREROUTING, Ipv4.format(packet.destination())
                        + " is local: deliver (INPUT)", ctx);
            }
            stopped = hook(Hook.INPUT, ctx, path);
            return stopped != null ? stopped : done(ctx, Fate.DELIVERED, path, null);
        }
        if (route.type() != RouteType.UNICAST || martianLoopback) {
            return done(ctx, Fate.NOT_ROUTED, path, path == null ? null : "no route to "
                    + Ipv4.format(packet.destination()));
        }
        NetworkInterface out = route.device();
        boolean bridged = ctx.physIn() != null && out == ctx.in();
        if (!bridged && !host.ipForward()) {
            return done(ctx, Fate.NOT_ROUTED, path, "forwarding is off (net.ipv4.ip_forward=0)");
        }
        ctx.setInterfaces(ctx.in(), out);
        if (!bridged) packet.decrementTtl();
        if (path != null) {
            note(path, Step.Kind.ROUTING, Hook.PREROUTING, (bridged ? "bridged on " : "forward via ") + out.name(), ctx);
        }
        stopped = hook(Hook.FORWARD, ctx, path);
        return stopped != null ? stopped : postrouting(ctx, path);
    }

    private PacketResult postrouting(PacketContext ctx, PathRecorder path) {
        PacketResult stopped = hook(Hook.POSTROUTING, ctx, path);
        return stopped != null ? stopped : done(ctx, Fate.SENT, path, null);
    }

    /**
     * Runs what is registered at {@code hook}, in {@link HookPriority} order: tables, conntrack,
     * the nat hooks, the confirmation. Returns null when the packet goes on, else its fate.
     */
    private PacketResult hook(Hook hook, PacketContext ctx, PathRecorder path) {
        ctx.setHook(hook);
        for (HookPriority step : HookPriority.at(hook)) {
            switch (step) {
                case CONNTRACK -> {
                    // A packet looped back through lo still carries its connection: not looked up again.
                    // So does a reset REJECT made (nf_ct_attach).
                    if (!ctx.attached() && (ctx.connection() == null || !"lo".equals(ctx.inName()))) track(ctx, path);
                }
                case NAT_DST, NAT_SRC -> {
                    int before = ctx.packet().destination();
                    if (nat(hook, step == HookPriority.NAT_SRC, ctx, path) == Verdict.DROP) return dropped(ctx, path);
                    if (hook == Hook.OUTPUT && ctx.packet().destination() != before) {
                        // DNAT in OUTPUT changes the destination: the kernel routes the packet again.
                        RouteResult again = host.route(ctx.packet().destination());
                        if (!again.isDeliverable()) return done(ctx, Fate.NOT_ROUTED, path, "no route after DNAT");
                        NetworkInterface out = again.isLocal() ? host.interfaceNamed("lo") : again.device();
                        ctx.setInterfaces(null, out);
                        if (path != null) note(path, Step.Kind.ROUTING, Hook.OUTPUT, "re-routed after DNAT via " + out.name(), ctx);
                    }
                }
                case CONNTRACK_CONFIRM -> {
                    // __nf_conntrack_confirm leaves a connection alone when the packet goes the
                    // reply way (REJECT's reset to a SYN it dropped: the SYN's stays unconfirmed)
                    if (!(ctx.attached() && ctx.replyDirection())) conntrack.confirm(ctx.connection());
                }
                default -> {
                    if (runTable(step.table(), hook, ctx, path) == Verdict.DROP) return dropped(ctx, path);
                }
            }
        }
        return null;
    }

    private void track(PacketContext ctx, PathRecorder path) {
        if (ctx.untracked()) {
            // nf_conntrack_in: an IP_CT_UNTRACKED packet is not looked up (raw's CT --notrack).
            if (path != null) note(path, Step.Kind.CONNTRACK, ctx.hook(), "conntrack: UNTRACKED (notrack)", ctx);
            return;
        }
        boolean tracking = ruleset.conntrackNeeded()
                || (host.flavour().natTableTracksConnections() && ruleset.hasTable(TableName.NAT));
        if (!tracking) {
            // Conntrack is off in this namespace: no connection, no NAT (nat is never consulted).
            ctx.setConnection(null, CtState.INVALID, false);
            return;
        }
        Conntrack.Lookup l = conntrack.track(ctx.packet());
        ctx.setConnection(l.connection(), l.state(), l.replyDirection());
        ctx.setClock(conntrack.now());
        if (path != null) {
            note(path, Step.Kind.CONNTRACK, ctx.hook(), "conntrack: " + l.state()
                    + (l.connection() == null ? "" : l.replyDirection() ? " (reply)" : " (original)"), ctx);
        }
    }

    /**
     * A nat hook: the nat chain runs only for a connection whose NAT of this kind is not decided
     * yet (its first packet); every packet is then rewritten from the connection's binding.
     */
    private Verdict nat(Hook hook, boolean sourceManip, PacketContext ctx, PathRecorder path) {
        Connection c = ctx.connection();
        if (c == null) return Verdict.ACCEPT;
        String randomPort = null;
        // nf_nat_inet_fn: a RELATED packet other than ICMP (REJECT's reset) is treated as NEW
        boolean first = ctx.state() == CtState.NEW || ctx.state() == CtState.RELATED && !ctx.packet().isIcmp();
        if (first && !c.natInitialized(sourceManip)) {
            ctx.clearNatRequest();
            Verdict v = runTable(TableName.NAT, hook, ctx, path);
            if (v == Verdict.DROP) return v;
            NatRequest request = ctx.natRequest();
            if (request != null && request.source() == sourceManip && Protocol.hasPorts(c.protocol())) {
                randomPort = request.randomPort();
            }
            NatEngine.setup(c, request, sourceManip, conntrack.table());
        }
        boolean changed = NatEngine.manip(ctx.packet(), c, ctx.state(), ctx.replyDirection(), sourceManip);
        if ((changed || randomPort != null) && path != null) {
            // with --random the kernel draws the port: the model's port (the original one when
            // free) is one possible outcome, not a prediction
            note(path, Step.Kind.NAT, hook, (sourceManip ? "source" : "destination") + " rewritten: "
                    + ctx.packet() + (randomPort == null ? ""
                            : " (" + randomPort + ": the kernel picks the " + (sourceManip ? "source" : "destination")
                            + " port at random; this port is one possibility)"), ctx);
        }
        return Verdict.ACCEPT;
    }

    private Verdict runTable(TableName name, Hook hook, PacketContext ctx, TraceListener path) {
        Table table = ruleset.existingTable(name);
        if (table == null) return Verdict.ACCEPT;
        return table.traverse(hook, ctx, path);
    }

    private PacketResult dropped(PacketContext ctx, PathRecorder path) {
        return done(ctx, Fate.DROPPED, path, null);
    }

    private PacketResult done(PacketContext ctx, Fate fate, PathRecorder path, String why) {
        if (path != null) {
            String text = why != null ? why : switch (fate) {
                case DELIVERED -> "delivered to a local socket";
                case SENT -> "sent out " + ctx.outName();
                case DROPPED -> "dropped in " + ctx.hook();
                case NOT_ROUTED -> "not routed";
            };
            note(path, Step.Kind.FATE, ctx.hook(), text, ctx);
        }
        List<Step> steps = path == null ? List.of() : path.steps();
        for (Packet g : ctx.generated()) {
            if (g.isTcp() && ctx.connection() != null && !ctx.generatedDirect()) attached.put(g, new Attached(ctx.connection(), !ctx.replyDirection()));
        }
        return new PacketResult(fate, ctx.outName(), ctx.packet(), ctx.generated(), ctx.generatedDirect(), steps);
    }

    private static void note(PathRecorder path, Step.Kind kind, Hook hook, String text, PacketContext ctx) {
        if (path != null) path.note(kind, hook, text, ctx);
    }
}
