package dev.nflab.conntrack;

import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code conntrack -L} prints, so the model can start from the connection table a real
 * host had: a packet of a connection that was already tracked is then not NEW, and nat is not
 * consulted for it, exactly as in the kernel. Each line becomes a confirmed {@link Connection}
 * with its tuples (a reply tuple that is not the original's inverse is a NAT binding), its TCP
 * state, its flags, its mark and the seconds it had left.
 */
public final class ConntrackListing {
    private ConntrackListing() {}

    /** A line that is not a {@code conntrack -L} entry: where, and why. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    /**
     * The connections listed in {@code text}; {@code file} names it in errors. Blank lines and
     * the tool's summary line ("N flow entries have been shown.") are skipped.
     */
    public static List<Connection> read(String text, String file) throws FormatException {
        List<Connection> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.contains("flow entries have been shown")) continue;
            try {
                out.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new FormatException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** One entry: {@code PROTO NUMBER SECONDS [STATE] TUPLE [UNREPLIED] TUPLE [ASSURED] mark=N ...}. */
    static Connection parse(String line) {
        String[] w = line.split("\\s+");
        if (w.length < 4) throw new IllegalArgumentException("not a conntrack entry: " + line);
        int protocol = number(w[1], "protocol number");
        int seconds = number(w[2], "seconds left");
        int at = 3;
        TcpState tcp = null;
        if (protocol == Protocol.TCP) {
            try {
                tcp = TcpState.valueOf(w[at]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown TCP state " + w[at]);
            }
            at++;
        }
        List<Map<String, String>> tuples = new ArrayList<>();
        Map<String, String> current = null;
        boolean unreplied = false, assured = false;
        int mark = 0;
        for (; at < w.length; at++) {
            String word = w[at];
            if (word.equals("[UNREPLIED]")) { unreplied = true; continue; }
            if (word.equals("[ASSURED]")) { assured = true; continue; }
            if (word.startsWith("[")) continue; // [OFFLOAD], [HW_OFFLOAD]: not modelled, not needed
            int eq = word.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("unexpected word \"" + word + "\"");
            String key = word.substring(0, eq), value = word.substring(eq + 1);
            if (key.equals("src")) {
                current = new HashMap<>();
                tuples.add(current);
            }
            if (key.equals("mark")) {
                mark = (int) Long.parseLong(value);
            } else if (current != null && !key.equals("use") && !key.equals("zone") && !key.equals("secctx")) {
                current.put(key, value);
            }
        }
        if (tuples.size() != 2) throw new IllegalArgumentException("expected two tuples (original and reply), found "
                + tuples.size());
        Tuple original = tuple(protocol, tuples.get(0));
        Tuple reply = tuple(protocol, tuples.get(1));
        Connection c = new Connection(protocol, original.source(), original.destination(), original.sourcePort(),
                original.destinationPort());
        // The reply tuple records NAT: where the original direction was translated to.
        Tuple translated = original;
        if (reply.source() != original.destination() || reply.sourcePort() != c.replySourcePort()) {
            translated = translated.withDestination(reply.source(), reply.sourcePort());
        }
        c.bindNat(translated, false);
        if (reply.destination() != original.source() || reply.destinationPort() != c.replyDestinationPort()) {
            translated = translated.withSource(reply.destination(), reply.destinationPort());
        }
        c.bindNat(translated, true);
        c.restore(!unreplied, assured, tcp, mark, seconds);
        return c;
    }

    private static Tuple tuple(int protocol, Map<String, String> t) {
        int src = address(t.get("src")), dst = address(t.get("dst"));
        if (protocol == Protocol.ICMP) {
            int type = number(t.get("type"), "ICMP type"), code = number(t.get("code"), "ICMP code");
            return new Tuple(src, dst, protocol, number(t.get("id"), "ICMP id"), (type << 8) | code);
        }
        if (Protocol.hasPorts(protocol)) {
            return new Tuple(src, dst, protocol, number(t.get("sport"), "sport"), number(t.get("dport"), "dport"));
        }
        return new Tuple(src, dst, protocol, 0, 0);
    }

    private static int address(String text) {
        if (text == null) throw new IllegalArgumentException("a tuple without src= or dst=");
        return Ipv4.parse(text);
    }

    private static int number(String text, String what) {
        if (text == null) throw new IllegalArgumentException("no " + what);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " \"" + text + "\"");
        }
    }
}
