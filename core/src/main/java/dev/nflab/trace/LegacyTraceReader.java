package dev.nflab.trace;

import dev.nflab.iptables.IptablesException;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the kernel log's {@code TRACE:} lines (x_tables back end, {@code nf_log_all_netns=1},
 * timestamps removed): one line per reported step, {@code TRACE: table:chain:type:N} followed by
 * the packet as it is at that step. A packet is new when it shows up in the raw table (where the
 * TRACE rules are); lines on lo continue the packet the host sent out through lo.
 */
public final class LegacyTraceReader {
    private LegacyTraceReader() {}

    public static List<TracedPacket> read(String text, String fileName) throws IptablesException {
        List<TracedPacket> packets = new ArrayList<>();
        // Lines of packets handled at the same time interleave in the log: each line is given to
        // the packet it shows, known by what NAT never changes (IP id, length, TCP sequence).
        List<String> keys = new ArrayList<>();
        List<Boolean> inRaw = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty()) continue;
            try {
                int at = line.indexOf("TRACE: ");
                if (at < 0) throw new IptablesException("not a TRACE: line", 2);
                String rest = line.substring(at + "TRACE: ".length());
                int space = rest.indexOf(' ');
                String step = space < 0 ? rest : rest.substring(0, space);
                String[] parts = step.split(":");
                if (parts.length != 4) throw new IptablesException("expected table:chain:type:N, found `" + step + "'", 2);
                TraceFields f = TraceFields.parse(space < 0 ? "" : outer(rest.substring(space)));
                String key = f.get("PROTO") + "/" + f.get("ID") + "/" + f.get("LEN") + "/" + f.get("SEQ");
                boolean raw = parts[0].equals("raw");
                String in = f.get("IN");
                boolean loopback = "lo".equals(in) && parts[1].equals("PREROUTING");
                int owner = -1;
                for (int i = packets.size() - 1; i >= 0; i--) {
                    if (!keys.get(i).equals(key)) continue;
                    // A raw line starts a new packet unless this packet is still inside raw, or
                    // it is the host's own packet coming back in on lo.
                    if (!raw || inRaw.get(i) || loopback) owner = i;
                    break;
                }
                if (owner < 0) {
                    if (!raw) throw new IptablesException("a " + parts[0] + " line for a packet never seen in raw", 2);
                    String physIn = f.get("PHYSIN");
                    String device = parts[1].equals("OUTPUT") ? null
                            : physIn != null && !physIn.isEmpty() ? physIn : in;
                    packets.add(new TracedPacket(packet(f, rest), device, new ArrayList<>(),
                            parts[1].equals("OUTPUT") ? f.get("OUT") : null));
                    keys.add(key);
                    inRaw.add(true);
                    owner = packets.size() - 1;
                }
                inRaw.set(owner, raw && !parts[2].equals("policy"));
                packets.get(owner).events().add(new TraceEvent(parts[0], parts[1], parts[2],
                        Integer.parseInt(parts[3]), ""));
            } catch (IptablesException e) {
                throw e.at(fileName, n + 1);
            } catch (RuntimeException e) {
                throw new IptablesException("unreadable trace line (" + e.getMessage() + ")", 2).at(fileName, n + 1);
            }
        }
        return packets;
    }

    /** The packet fields outside the ICMP error's quoted [ ... ] part. */
    private static String outer(String s) {
        int open = s.indexOf('[');
        return open < 0 ? s : s.substring(0, open);
    }

    private static String quoted(String s) {
        int open = s.indexOf('[');
        int close = s.lastIndexOf(']');
        return open < 0 || close < open ? null : s.substring(open + 1, close);
    }

    static Packet packet(TraceFields f, String line) {
        Packet p = fields(f);
        String inner = quoted(line.substring(line.indexOf(' ') < 0 ? 0 : line.indexOf(' ')));
        if (inner != null && p.isIcmp()) p.withInner(fields(TraceFields.parse(inner)));
        return p;
    }

    private static Packet fields(TraceFields f) {
        int src = Ipv4.parse(f.get("SRC"));
        int dst = Ipv4.parse(f.get("DST"));
        int len = f.getInt("LEN", 0);
        String proto = f.get("PROTO");
        Packet p;
        if ("TCP".equals(proto)) {
            int flags = f.tcpFlags();
            p = Packet.tcp(src, f.getInt("SPT", 0), dst, f.getInt("DPT", 0), flags, len);
        } else if ("UDP".equals(proto)) {
            p = Packet.udp(src, f.getInt("SPT", 0), dst, f.getInt("DPT", 0), len);
        } else if ("ICMP".equals(proto)) {
            p = Packet.icmp(src, dst, f.getInt("TYPE", 0), f.getInt("CODE", 0), f.getIntAfter("TYPE=", "ID", 0), len);
        } else {
            p = Packet.raw(src, dst, proto == null ? 0 : parseProto(proto), len);
        }
        p.withTtl(f.getInt("TTL", 64)).withTos(f.getInt("TOS", 0)).withDontFragment(f.words.contains("DF"));
        p.withId(f.getInt("ID", 0));
        return p;
    }

    private static int parseProto(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
