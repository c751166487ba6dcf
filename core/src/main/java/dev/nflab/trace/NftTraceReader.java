package dev.nflab.trace;

import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code xtables-monitor --trace} output (the nf_tables back end): {@code PACKET:} lines
 * describe the packet at the start of each hook's traversal, {@code TRACE:} lines the rules it met.
 * A packet is new when it shows up in raw PREROUTING or raw OUTPUT (where the TRACE rules are),
 * except on lo, where a packet the host sent comes back in: that is the same packet's path.
 * Rules are numbered by finding their text in the ruleset the trace ran on.
 */
public final class NftTraceReader {
    private NftTraceReader() {}

    public static List<TracedPacket> read(String text, String fileName, Ruleset rules) throws IptablesException {
        List<TracedPacket> packets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        // Lines of packets handled at the same time interleave: every line carries its trace id.
        // A PACKET line (re)binds its id to a packet: a new one when it enters raw PREROUTING or
        // raw OUTPUT, else the latest packet that looks the same (IP id, length, TCP flags: what
        // NAT leaves alone). Ids are skb addresses, so the kernel reuses them for later packets.
        java.util.Map<String, TraceFields> pending = new java.util.HashMap<>();
        java.util.Map<String, Integer> owner = new java.util.HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty()) continue;
            try {
                String[] head = line.split("\\s+", 4);
                if (line.startsWith("PACKET:")) {
                    if (head.length < 3) throw new IptablesException("truncated PACKET line", 2);
                    pending.put(head[2], TraceFields.parse(head.length > 3 ? head[3] : ""));
                } else if (line.startsWith("TRACE:")) {
                    if (head.length < 4) throw new IptablesException("truncated TRACE line", 2);
                    String id = head[2];
                    String[] tc = head[3].split(":", 3);
                    if (tc.length < 3) throw new IptablesException("TRACE line without table:chain:type", 2);
                    String table = tc[0], chain = tc[1];
                    TraceFields f = pending.remove(id);
                    if (f != null) {
                        String key = identity(f);
                        boolean entry = table.equals("raw") && (chain.equals("PREROUTING") || chain.equals("OUTPUT"));
                        int found = -1;
                        if (!entry || "lo".equals(f.get("IN"))) {
                            for (int i = packets.size() - 1; i >= 0; i--) {
                                if (keys.get(i).equals(key)) {
                                    found = i;
                                    break;
                                }
                            }
                        }
                        if (found < 0) {
                            if (!entry) throw new IptablesException("a packet first seen outside raw PREROUTING/OUTPUT", 2);
                            boolean local = chain.equals("OUTPUT");
                            packets.add(new TracedPacket(packet(f), local ? null : f.get("IN"),
                                    new ArrayList<>(), local ? f.get("OUT") : null));
                            keys.add(key);
                            found = packets.size() - 1;
                        }
                        owner.put(id, found);
                    }
                    Integer p = owner.get(id);
                    if (p == null) throw new IptablesException("trace id " + id + " has no PACKET line before it", 2);
                    packets.get(p).events().add(event(table, chain, tc[2], rules));
                } else {
                    throw new IptablesException("neither a PACKET: nor a TRACE: line", 2);
                }
            } catch (IptablesException e) {
                throw e.at(fileName, n + 1);
            } catch (RuntimeException e) {
                throw new IptablesException("unreadable trace line (" + e.getMessage() + ")", 2).at(fileName, n + 1);
            }
        }
        return packets;
    }

    /** What identifies a packet across hooks: NAT changes addresses and ports, not these. */
    private static String identity(TraceFields f) {
        StringBuilder b = new StringBuilder(f.get("ID") + "/" + f.get("LEN"));
        for (String w : f.words) {
            if (w.equals("SYN") || w.equals("ACK") || w.equals("FIN") || w.equals("RST") || w.equals("PSH")
                    || w.equals("URG")) {
                b.append('/').append(w);
            }
        }
        return b.toString();
    }

    private static TraceEvent event(String table, String chain, String rest, Ruleset rules) throws IptablesException {
        if (rest.startsWith("policy:")) {
            String verdict = rest.substring("policy:".length()).trim();
            return new TraceEvent(table, chain, "policy", chainSize(rules, table, chain) + 1, verdict);
        }
        if (rest.startsWith("return:")) {
            return new TraceEvent(table, chain, "return", chainSize(rules, table, chain) + 1, "");
        }
        if (!rest.startsWith("rule:")) throw new IptablesException("unknown trace type in `" + rest + "'", 2);
        String body = rest.substring("rule:".length());
        int colon = body.indexOf(':');
        String afterHandle = body.substring(colon + 1);
        int split = afterHandle.indexOf("  ");
        String verdict = (split < 0 ? afterHandle : afterHandle.substring(0, split)).trim();
        String ruleText = split < 0 ? "" : afterHandle.substring(split).trim();
        if (verdict.equals("0xfffffffb")) verdict = "RETURN";
        int number = ruleNumber(rules, table, chain, ruleText);
        return new TraceEvent(table, chain, "rule", number, verdict);
    }

    private static int chainSize(Ruleset rules, String table, String chain) {
        Chain c = chain(rules, table, chain);
        return c == null ? 0 : c.size();
    }

    private static Chain chain(Ruleset rules, String table, String chain) {
        TableName tn = TableName.byName(table);
        Table t = tn == null ? null : rules.existingTable(tn);
        return t == null ? null : t.chain(chain);
    }

    /** The 1-based position of the rule printed as {@code -4 -t T -A C SPEC}, or 0. */
    private static int ruleNumber(Ruleset rules, String table, String chain, String text) {
        String prefix = "-A " + chain + " ";
        int at = text.indexOf(prefix);
        if (at < 0) return 0;
        String spec = text.substring(at + prefix.length()).trim();
        Chain c = chain(rules, table, chain);
        if (c == null) return 0;
        for (int i = 0; i < c.size(); i++) {
            if (c.rule(i).toSave().equals(spec)) return i + 1;
        }
        return 0;
    }

    /** The packet a PACKET line shows. xtables-monitor prints ports for TCP and UDP only. */
    static Packet packet(TraceFields f) {
        int src = Ipv4.parse(f.get("SRC"));
        int dst = Ipv4.parse(f.get("DST"));
        int len = f.getInt("LEN", 0);
        int flags = f.tcpFlags();
        Packet p;
        if (f.get("SPORT") != null) {
            int sport = f.getInt("SPORT", 0), dport = f.getInt("DPORT", 0);
            p = flags != 0 ? Packet.tcp(src, sport, dst, dport, flags, len) : Packet.udp(src, sport, dst, dport, len);
        } else {
            // No transport line: ICMP (or another protocol). The type is unknown (-1) until a
            // capture tells it, or the replay infers it from the connections tracked so far.
            p = Packet.icmp(src, dst, -1, 0, 0, len);
        }
        p.withTtl(f.getInt("TTL", 64)).withId(f.getInt("ID", 0)).withTos(f.getInt("TOS", 0))
                .withDontFragment(f.words.contains("DF"));
        return p;
    }
}
