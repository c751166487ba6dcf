package dev.nflab.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The KEY=VALUE words and bare flag words of a kernel-log or xtables-monitor packet line. */
final class TraceFields {
    final Map<String, String> values = new LinkedHashMap<>();
    final Set<String> words = new java.util.LinkedHashSet<>();
    String text = "";

    static TraceFields parse(String text) {
        TraceFields f = new TraceFields();
        f.text = text;
        for (String w : text.trim().split("\\s+")) {
            if (w.isEmpty()) continue;
            int eq = w.indexOf('=');
            if (eq > 0) {
                f.values.putIfAbsent(w.substring(0, eq), w.substring(eq + 1));
            } else {
                f.words.add(w);
            }
        }
        return f;
    }

    /** A key's value after another word: the ICMP ID comes after TYPE=, the IP ID before. */
    int getIntAfter(String marker, String key, int fallback) {
        int at = text.indexOf(marker);
        if (at < 0) return fallback;
        TraceFields tail = parse(text.substring(at));
        return tail.getInt(key, fallback);
    }

    /** The TCP flags named among the bare words (SYN ACK FIN RST PSH URG). */
    int tcpFlags() {
        int flags = 0;
        for (String w : words) {
            flags |= switch (w) {
                case "SYN" -> dev.nflab.packet.TcpFlags.SYN;
                case "ACK" -> dev.nflab.packet.TcpFlags.ACK;
                case "FIN" -> dev.nflab.packet.TcpFlags.FIN;
                case "RST" -> dev.nflab.packet.TcpFlags.RST;
                case "PSH" -> dev.nflab.packet.TcpFlags.PSH;
                case "URG" -> dev.nflab.packet.TcpFlags.URG;
                default -> 0;
            };
        }
        return flags;
    }

    String get(String key) {
        return values.get(key);
    }

    int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) return fallback;
        try {
            return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
