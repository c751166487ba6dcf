package dev.nflab.snapshot;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.ConntrackListing;
import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.iptables.IptablesException;
import dev.nflab.extensions.Extensions;
import dev.nflab.iptables.Ipset;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.trace.LegacyTraceReader;
import dev.nflab.trace.NftTraceReader;
import dev.nflab.trace.TracedPacket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot directory as the lab and the VM's collector write it (formats.md section 2): the
 * rules before and after some traffic, the host's devices and routes, and the traffic as a trace.
 */
public final class Snapshot {
    private final Path dir;
    private final Dialect dialect;
    private final String beforeRules;

    private Snapshot(Path dir, Dialect dialect, String beforeRules) {
        this.dir = dir;
        this.dialect = dialect;
        this.beforeRules = beforeRules;
    }

    /** Opens a snapshot; errors name the missing or unreadable file. */
    public static Snapshot open(Path dir) throws IptablesException {
        if (!Files.isDirectory(dir)) throw new IptablesException(dir + ": not a snapshot directory", 2);
        String before = read(dir, "before.rules", true);
        Dialect dialect = IptablesSave.detectDialect(before, Dialect.DEBIAN_12_NFT);
        return new Snapshot(dir, dialect, before);
    }

    public Path dir() { return dir; }
    public Dialect dialect() { return dialect; }

    /**
     * The rules and counters before the traffic, in the kernel state the recording procedure left:
     * every table was zeroed ({@code iptables -Z}), then {@code -j TRACE} was appended to raw
     * PREROUTING and OUTPUT. On nf_tables, zeroing gives the existing base chains counters, but
     * the raw chains created afterwards by those appends have none: their policy counters stay at
     * 0 (observed: raw PREROUTING lists [0:0] while the trace shows its policy accepting packets).
     * A raw chain holding a rule of the scenario's own before the TRACE rule (raw-notrack's
     * notrack rule) existed when the counters were zeroed: its policy counts (recorded).
     */
    public Ruleset beforeRules() throws IptablesException {
        Ruleset rules = IptablesSave.read(beforeRules, dir.resolve("before.rules").toString(), dialect,
                Extensions.standard(), ipsets());
        Table raw = rules.existingTable(TableName.RAW);
        if (dialect.backend() == Backend.NFT && raw != null) {
            for (Chain c : raw.chains()) {
                if (c.isBuiltin() && onlyTraceRules(c)) raw.setPolicyCounted(c.name(), false);
            }
        }
        return rules;
    }

    private static boolean onlyTraceRules(Chain c) {
        for (int i = 0; i < c.size(); i++) {
            if (!c.rule(i).target().name().equals("TRACE") || !c.rule(i).isUnconditional()) return false;
        }
        return true;
    }

    /**
     * The host namespace's ipset sets as the lab recorded them ({@code ipsets.save}, written by
     * {@code ipset save} after the traffic; absent when the scenario made none): the set match's
     * rules of before.rules and after.rules name them.
     */
    public IpSets ipsets() throws IptablesException {
        String text = read(dir, "ipsets.save", false);
        Ruleset holder = new Ruleset(dialect);
        if (text != null) new Ipset(holder).restore(text, dir.resolve("ipsets.save").toString());
        return holder.ipsets();
    }

    /** after.rules read as a ruleset (with the recorded sets), or null when the snapshot has none. */
    public Ruleset afterRuleset() throws IptablesException {
        String after = afterRules();
        return after == null ? null
                : IptablesSave.read(after, dir.resolve("after.rules").toString(), dialect, Extensions.standard(), ipsets());
    }

    /** The recorded after.rules text, or null when the snapshot has none. */
    public String afterRules() throws IptablesException {
        return read(dir, "after.rules", false);
    }

    /**
     * The host as ip -j showed it, with the two sysctls the files do not record, set as the
     * recording procedure leaves them: {@code ip_forward} (the lab and the VM start with it off;
     * dockerd turns it on unless scenario.txt's dockerd line says {@code --ip-forward=false}) and
     * {@code route_localnet} on each bridge that Docker put in hairpin mode (userland proxy off:
     * it is then the only one with a {@code --src-type LOCAL -o BRIDGE} MASQUERADE rule).
     */
    public Host host() throws IptablesException {
        Host host = HostJson.read(read(dir, "ip-addr.json", true), read(dir, "ip-route.json", false),
                read(dir, "bridge-link.json", false), KernelFlavour.LINUX_6_X);
        String scenario = read(dir, "scenario.txt", false);
        if (scenario != null) {
            String daemon = scenario.lines().findFirst().orElse("");
            if (daemon.startsWith("dockerd") && daemon.contains("--ip-forward=false")) host.ipForward(false);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("-A POSTROUTING -o (\\S+) -m addrtype --src-type LOCAL -j MASQUERADE").matcher(beforeRules);
        while (m.find()) {
            var bridge = host.interfaceNamed(m.group(1));
            if (bridge != null) bridge.routeLocalnet(true);
        }
        return host;
    }

    /**
     * The connections the kernel was tracking when the counters were zeroed
     * ({@code conntrack-before.txt}, {@code conntrack -L} right after {@code iptables -Z}); empty for a
     * snapshot recorded before the lab listed them.
     */
    public List<Connection> connectionsBefore() throws IptablesException {
        String text = read(dir, "conntrack-before.txt", false);
        if (text == null) return List.of();
        try {
            return ConntrackListing.read(text, dir.resolve("conntrack-before.txt").toString());
        } catch (ConntrackListing.FormatException e) {
            throw new IptablesException(e.getMessage(), 2);
        }
    }

    /** The traffic: every packet as the trace first shows it, with its recorded steps. */
    public List<TracedPacket> traffic(Ruleset before) throws IptablesException {
        String nft = read(dir, "trace.txt", false);
        List<TracedPacket> packets;
        if (nft != null) {
            packets = NftTraceReader.read(nft, dir.resolve("trace.txt").toString(), before);
        } else {
            String legacy = read(dir, "trace-legacy.txt", false);
            if (legacy == null) {
                throw new IptablesException(dir + ": no trace.txt or trace-legacy.txt: the traffic is unknown", 2);
            }
            packets = LegacyTraceReader.read(legacy, dir.resolve("trace-legacy.txt").toString());
        }
        Path pcap = dir.resolve("capture.pcap");
        if (Files.isRegularFile(pcap)) {
            try {
                Pcap.enrich(packets, Files.readAllBytes(pcap));
            } catch (IOException e) {
                throw new IptablesException(pcap + ": " + e.getMessage(), 2);
            }
        }
        SocketOwners.stamp(packets, read(dir, "scenario.txt", false));
        return packets;
    }

    /**
     * When each of {@code packets} (as {@link #traffic} gave them) passed, in nanoseconds from the
     * capture's first packet, or null without a capture that shows them: the trace has no times.
     */
    public long[] times(List<TracedPacket> packets) throws IptablesException {
        Path pcap = dir.resolve("capture.pcap");
        if (!Files.isRegularFile(pcap)) return null;
        try {
            return Pcap.times(packets, Files.readAllBytes(pcap));
        } catch (IOException e) {
            throw new IptablesException(pcap + ": " + e.getMessage(), 2);
        }
    }

    static String read(Path dir, String name, boolean required) throws IptablesException {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            if (required) throw new IptablesException(p + ": missing (a snapshot needs it)", 2);
            return null;
        }
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IptablesException(p + ": cannot read (" + e.getMessage() + ")", 2);
        }
    }
}
