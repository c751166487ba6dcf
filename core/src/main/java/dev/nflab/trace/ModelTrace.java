package dev.nflab.trace;

import dev.nflab.kernel.Step;
import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.StandardTarget;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's path of a packet, as the kernel's TRACE would report it: as normalised events (to
 * compare with a recorded trace) and as {@code xtables-monitor --trace} text.
 */
public final class ModelTrace {
    private ModelTrace() {}

    /** The reported steps as events, in the back end's terms (x_tables' return/policy quirk included). */
    public static List<TraceEvent> events(List<Step> steps, Backend backend) {
        List<TraceEvent> events = new ArrayList<>();
        for (Step s : steps) {
            if (!s.reported()) continue;
            String table = s.table() == null ? "" : s.table().lowerName();
            switch (s.kind()) {
                case RULE -> {
                    if (backend == Backend.NFT) {
                        events.add(new TraceEvent(table, s.chain(), "rule", s.ruleNumber(), verdictName(s)));
                    } else {
                        events.add(new TraceEvent(table, s.chain(), legacyKind(s), s.ruleNumber(), ""));
                    }
                }
                case CHAIN_END -> {
                    // x_tables reports the implicit RETURN at a user chain's end; nf_tables does
                    // not (observed: the recorded xtables-monitor traces show no such event).
                    if (backend == Backend.LEGACY) {
                        events.add(new TraceEvent(table, s.chain(), "return", s.ruleNumber(), ""));
                    }
                }
                case POLICY -> events.add(new TraceEvent(table, s.chain(), "policy", s.ruleNumber(),
                        backend == Backend.NFT ? s.verdict().name() : ""));
                default -> { }
            }
        }
        return events;
    }

    /**
     * x_tables reports an unconditional rule with a plain verdict (ACCEPT, DROP, RETURN) as if it
     * were the chain's end: "policy" in a built-in chain, "return" in a user chain.
     */
    private static String legacyKind(Step s) {
        if (s.rule() != null && s.rule().isUnconditional() && s.rule().target() instanceof StandardTarget t
                && t.chainName() == null && t.verdict() != Verdict.CONTINUE) {
            return s.builtinChain() ? "policy" : "return";
        }
        return "rule";
    }

    private static String verdictName(Step s) {
        Verdict v = s.verdict();
        return switch (v) {
            case JUMP -> "JUMP:" + s.rule().target().chainName();
            case GOTO -> "GOTO:" + s.rule().target().chainName();
            default -> v.name();
        };
    }

    /**
     * Writes the steps as {@code xtables-monitor --trace} prints them: a PACKET line at the start
     * of each table traversal that reports something, then a TRACE line per step. Rule handles are
     * the rule's position and the trace id counts packets: the real ones are kernel addresses.
     */
    public static void writeNft(List<Step> steps, int traceId, StringBuilder out) {
        String id = String.format("%08x", traceId);
        Step table = null;
        boolean packetPrinted = false;
        for (Step s : steps) {
            if (s.kind() == Step.Kind.TABLE) {
                table = s;
                packetPrinted = false;
                continue;
            }
            if (!s.reported() || table == null) continue;
            if (s.kind() != Step.Kind.RULE && s.kind() != Step.Kind.POLICY) continue;
            if (!packetPrinted) {
                out.append("PACKET: 2 ").append(id).append(' ').append(packetLine(table)).append('\n');
                packetPrinted = true;
            }
            String where = s.table().lowerName() + ":" + s.chain();
            out.append(" TRACE: 2 ").append(id).append(' ').append(where);
            switch (s.kind()) {
                case RULE -> {
                    String verdict = s.verdict() == Verdict.RETURN ? "0xfffffffb" : verdictName(s);
                    out.append(":rule:0x").append(Integer.toHexString(s.ruleNumber())).append(':').append(verdict)
                            .append("  -4 -t ").append(s.table().lowerName()).append(" -A ").append(s.chain())
                            .append(' ').append(s.ruleText());
                }
                default -> out.append(":policy:").append(s.verdict().name()).append(' ');
            }
            out.append('\n');
        }
    }

    /**
     * Writes the steps as the x_tables TRACE target logs them in the kernel log (timestamps
     * removed): {@code TRACE: table:chain:type:N} and the packet as it was at that table. Fields
     * the model does not carry (MAC, TCP sequence numbers, window) are left out.
     */
    public static void writeLegacy(List<Step> steps, StringBuilder out) {
        Step table = null;
        for (Step s : steps) {
            if (s.kind() == Step.Kind.TABLE) {
                table = s;
                continue;
            }
            if (!s.reported() || table == null) continue;
            String kind;
            switch (s.kind()) {
                case RULE -> kind = legacyKind(s);
                case CHAIN_END -> kind = "return";
                case POLICY -> kind = "policy";
                default -> { continue; }
            }
            out.append("TRACE: ").append(s.table().lowerName()).append(':').append(s.chain()).append(':')
                    .append(kind).append(':').append(s.ruleNumber()).append(' ').append(logLine(table)).append('\n');
        }
    }

    private static String logLine(Step t) {
        Packet p = t.packet();
        StringBuilder b = new StringBuilder();
        b.append("IN=").append(t.in()).append(" OUT=").append(t.out()).append(' ');
        b.append("SRC=").append(Ipv4.format(p.source())).append(" DST=").append(Ipv4.format(p.destination()))
                .append(" LEN=").append(p.length()).append(String.format(" TOS=0x%02X PREC=0x00", p.tos()))
                .append(" TTL=").append(p.ttl()).append(" ID=").append(p.id()).append(' ');
        if (p.dontFragment()) b.append("DF ");
        String name = dev.nflab.packet.Protocol.name(p.protocol());
        b.append("PROTO=").append(name == null ? String.valueOf(p.protocol()) : name.toUpperCase(java.util.Locale.ROOT));
        if (p.hasPorts()) b.append(" SPT=").append(p.sourcePort()).append(" DPT=").append(p.destinationPort());
        if (p.isIcmp()) b.append(" TYPE=").append(p.icmpType()).append(" CODE=").append(p.icmpCode());
        if (p.isTcp()) {
            int f = p.tcpFlags();
            if ((f & TcpFlags.URG) != 0) b.append(" URG");
            if ((f & TcpFlags.ACK) != 0) b.append(" ACK");
            if ((f & TcpFlags.PSH) != 0) b.append(" PSH");
            if ((f & TcpFlags.RST) != 0) b.append(" RST");
            if ((f & TcpFlags.SYN) != 0) b.append(" SYN");
            if ((f & TcpFlags.FIN) != 0) b.append(" FIN");
        }
        return b.append(' ').toString();
    }

    private static String packetLine(Step t) {
        Packet p = t.packet();
        StringBuilder b = new StringBuilder();
        if (!t.in().isEmpty()) b.append("IN=").append(t.in()).append(' ');
        if (!t.out().isEmpty()) b.append("OUT=").append(t.out()).append(' ');
        b.append("SRC=").append(Ipv4.format(p.source())).append(" DST=").append(Ipv4.format(p.destination()))
                .append(" LEN=").append(p.length()).append(" TOS=0x").append(Integer.toHexString(p.tos()))
                .append(" TTL=").append(p.ttl()).append(" ID=").append(p.id()).append(' ');
        if (p.dontFragment()) b.append("DF ");
        if (p.hasPorts()) {
            b.append("SPORT=").append(p.sourcePort()).append(" DPORT=").append(p.destinationPort()).append(' ');
        }
        if (p.isTcp()) {
            int f = p.tcpFlags();
            if ((f & TcpFlags.SYN) != 0) b.append("SYN ");
            if ((f & TcpFlags.ACK) != 0) b.append("ACK ");
            if ((f & TcpFlags.FIN) != 0) b.append("FIN ");
            if ((f & TcpFlags.RST) != 0) b.append("RST ");
            if ((f & TcpFlags.PSH) != 0) b.append("PSH ");
            if ((f & TcpFlags.URG) != 0) b.append("URG ");
        }
        if (p.mark() != 0) b.append("MARK=0x").append(Integer.toHexString(p.mark())).append(' ');
        return b.toString();
    }
}
