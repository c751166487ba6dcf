package dev.nflab.snapshot;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.Tuple;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.kernel.Kernel;
import dev.nflab.kernel.PacketResult;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import dev.nflab.trace.ModelTrace;
import dev.nflab.trace.TraceEvent;
import dev.nflab.trace.TracedPacket;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a snapshot's traffic through the model: the host and rules as they were before, every
 * packet as it entered the host, in order. The result is the model's counters (as
 * {@code iptables-save -c}) and its path for every packet, to set against what the kernel recorded.
 */
public final class Replay {
    private final Snapshot snapshot;
    private final Ruleset rules;
    private final List<TracedPacket> traffic;
    private final List<PacketResult> results = new ArrayList<>();
    private Kernel kernel;
    private List<Boolean> background = List.of();

    private Replay(Snapshot snapshot, Ruleset rules, List<TracedPacket> traffic) {
        this.snapshot = snapshot;
        this.rules = rules;
        this.traffic = traffic;
    }

    /** Loads a snapshot and runs all its traffic through the model. */
    public static Replay run(Snapshot snapshot) throws IptablesException {
        return run(snapshot, true);
    }

    /**
     * Loads a snapshot and runs its traffic through the model, starting from the connection table
     * the kernel had when the counters were zeroed; without the background packets (those the
     * scenario did not send, {@link #isBackground}) when {@code withBackground} is false.
     */
    public static Replay run(Snapshot snapshot, boolean withBackground) throws IptablesException {
        return run(snapshot, withBackground, null);
    }

    /** Told before and after each replayed packet; the rules' counters can be read then. */
    public interface Observer {
        void before(int index, TracedPacket packet, boolean background, Ruleset rules);

        void after(int index, TracedPacket packet, boolean background, Ruleset rules);
    }

    /** As {@link #run(Snapshot, boolean)}, telling {@code observer} (if not null) about each packet. */
    public static Replay run(Snapshot snapshot, boolean withBackground, Observer observer) throws IptablesException {
        Ruleset rules = snapshot.beforeRules();
        List<TracedPacket> all = snapshot.traffic(snapshot.beforeRules());
        List<Connection> before = snapshot.connectionsBefore();
        // The capture's times drive what depends on time (limit's buckets); the trace has none.
        long[] allTimes = snapshot.times(all);
        List<TracedPacket> traffic = new ArrayList<>();
        List<Boolean> background = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TracedPacket tp = all.get(i);
            boolean bg = isBackground(tp.packet(), before);
            if (bg && !withBackground) continue;
            traffic.add(tp);
            background.add(bg);
            times.add(allTimes == null ? 0L : allTimes[i]);
        }
        Replay r = new Replay(snapshot, rules, traffic);
        r.background = background;
        Kernel kernel = new Kernel(snapshot.host(), rules);
        kernel.conntrack().restore(before);
        r.kernel = kernel;
        // What the model's REJECT sent, until the trace shows it: its socket is REJECT's (none for a
        // reset, ICMP's for an error), not a process's or the kernel's other ones
        List<Packet> rejected = new ArrayList<>();
        for (int i = 0; i < traffic.size(); i++) {
            TracedPacket tp = traffic.get(i);
            Packet made = tp.isLocal() ? takeRejected(tp.packet(), rejected) : null;
            if (times.get(i) > kernel.clock()) kernel.setClock(times.get(i));
            if (observer != null) observer.before(i, tp, background.get(i), rules);
            if (tp.packet().isIcmp() && tp.packet().icmpType() < 0 && !inferIcmp(tp.packet(), kernel)) {
                // Guessing would change the prediction silently: an ICMP error is RELATED (nat never
                // sees it), an echo request is NEW (nat counts it). Only the capture can say which.
                Packet p = tp.packet();
                throw new IptablesException(snapshot.dir() + ": packet " + (i + 1) + " of the trace (ICMP "
                        + dev.nflab.packet.Ipv4.format(p.source()) + " > " + dev.nflab.packet.Ipv4.format(p.destination())
                        + ", IP id " + p.id() + ", " + p.length() + " bytes) has its ICMP type in neither the trace nor"
                        + " capture.pcap, and neither answers nor repeats a tracked echo request: cannot tell an"
                        + " error (RELATED) from an echo request (NEW)", 2);
            }
            try {
                // A multicast packet leaves by the device its sender chose (the trace's OUT=),
                // not by a route: the IGMP report of docker0's groups goes out docker0.
                boolean chosen = tp.isLocal() && (tp.packet().destination() >>> 28) == 0xe && tp.outDevice() != null
                        && !tp.outDevice().isEmpty();
                Packet sent = tp.packet().copy();
                if (made != null) kernel.sendsAs(sent, made);
                r.results.add(tp.isLocal() ? kernel.send(sent, chosen ? tp.outDevice() : null, true)
                        : kernel.receive(sent, tp.inDevice(), true));
            } catch (IllegalArgumentException e) {
                throw new IptablesException(snapshot.dir() + ": " + e.getMessage()
                        + " (the trace names a device ip-addr.json does not have)", 2);
            }
            if (observer != null) observer.after(i, tp, background.get(i), rules);
            rejected.addAll(r.results.get(r.results.size() - 1).generated());
        }
        return r;
    }

    /** The packet REJECT made that {@code p} is (it takes its socket), or null. */
    private static Packet takeRejected(Packet p, List<Packet> rejected) {
        for (int j = 0; j < rejected.size(); j++) {
            Packet g = rejected.get(j);
            if (g.protocol() == p.protocol() && g.source() == p.source() && g.destination() == p.destination()
                    && g.sourcePort() == p.sourcePort() && g.destinationPort() == p.destinationPort()
                    && g.tcpFlags() == p.tcpFlags()) {
                p.withSocket(g.socket());
                return rejected.remove(j);
            }
        }
        return null;
    }

    /**
     * Whether a packet is background: sent by no action of the scenario. That is a packet of a
     * connection the kernel was already tracking when the counters were zeroed (the scenario's
     * traffic starts after), or one of a kind no scenario action sends: a protocol other than TCP,
     * UDP and ICMP, or a multicast or broadcast destination (the host's own IGMP reports, say).
     */
    public static boolean isBackground(Packet p, List<Connection> before) {
        int proto = p.protocol();
        if (proto != Protocol.TCP && proto != Protocol.UDP && proto != Protocol.ICMP) return true;
        int dst = p.destination();
        if ((dst >>> 28) == 0xe || dst == -1) return true; // 224.0.0.0/4, 255.255.255.255
        Packet q = p.isIcmpError() && p.inner() != null ? p.inner() : p;
        int sport = q.hasPorts() ? q.sourcePort() : q.isIcmp() ? q.icmpId() : 0;
        int dport = q.hasPorts() ? q.destinationPort() : 0;
        for (Connection c : before) {
            if (c.protocol() != q.protocol()) continue;
            for (Tuple t : List.of(c.original(), c.reply())) {
                boolean same = t.source() == q.source() && t.destination() == q.destination()
                        && (q.isIcmp() ? t.sourcePort() == sport : t.sourcePort() == sport && t.destinationPort() == dport);
                boolean reversed = t.source() == q.destination() && t.destination() == q.source()
                        && (q.isIcmp() ? t.sourcePort() == sport : t.sourcePort() == dport && t.destinationPort() == sport);
                if (same || reversed) return true;
            }
        }
        return false;
    }

    /** Whether the i-th replayed packet is background ({@link #isBackground}). */
    public boolean isBackground(int i) {
        return background.get(i);
    }

    /**
     * An ICMP packet whose type neither the trace nor a capture shows: an echo reply if it goes
     * back along a tracked echo request (conntrack would find it), an echo request if it repeats
     * one. The kernel tracks echo requests and replies by the same tuple, so this is what it saw.
     * Anything else (an ICMP error whose capture was lost, a first ping) cannot be told: false.
     */
    private static boolean inferIcmp(dev.nflab.packet.Packet p, Kernel kernel) {
        for (dev.nflab.conntrack.Connection c : kernel.conntrack().table().connections()) {
            if (c.protocol() != dev.nflab.packet.Protocol.ICMP) continue;
            if (c.replySource() == p.source() && c.replyDestination() == p.destination()) {
                p.overwriteIcmp(0, 0, null);
                p.setIcmpId(c.replySourcePort());
                return true;
            }
            if (c.originalSource() == p.source() && c.originalDestination() == p.destination()) {
                p.overwriteIcmp(8, 0, null);
                p.setIcmpId(c.originalSourcePort());
                return true;
            }
        }
        return false;
    }

    /** The predicted {@code iptables-save -c} text (no comment lines). */
    public String predictedRules() {
        return IptablesSave.write(rules, true, null);
    }

    public Ruleset rules() { return rules; }
    public List<TracedPacket> traffic() { return traffic; }
    public List<PacketResult> results() { return results; }

    /** The model's trace as the x_tables TRACE target logs it (kernel log, no timestamps). */
    public String modelTraceLegacy() {
        StringBuilder b = new StringBuilder();
        for (PacketResult r : results) ModelTrace.writeLegacy(r.steps(), b);
        return b.toString();
    }

    /** The model's trace in {@code xtables-monitor --trace} form. */
    public String modelTrace() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < results.size(); i++) ModelTrace.writeNft(results.get(i).steps(), i + 1, b);
        return b.toString();
    }

    /**
     * Every packet whose modelled path differs from the recorded one, described; empty when the
     * model took every packet the kernel's way.
     */
    public List<String> traceDifferences() {
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < traffic.size(); i++) {
            List<TraceEvent> real = traffic.get(i).events();
            List<TraceEvent> model = ModelTrace.events(results.get(i).steps(), rules.backend());
            if (!real.equals(model)) {
                diffs.add("packet " + (i + 1) + " (" + traffic.get(i).packet() + "):\n  kernel: " + real
                        + "\n  model:  " + model);
            }
        }
        return diffs;
    }

    public Snapshot snapshot() { return snapshot; }

    /** The model's kernel after the replay (its connection table, for one). */
    public Kernel kernel() { return kernel; }
}
