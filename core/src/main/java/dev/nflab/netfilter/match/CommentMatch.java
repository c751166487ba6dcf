package dev.nflab.netfilter.match;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/** {@code -m comment --comment TEXT}: always matches; documents the rule. */
public final class CommentMatch implements Match {
    private final String text;

    public CommentMatch(String text) {
        this.text = text;
    }

    public String text() { return text; }

    @Override public boolean matches(PacketContext ctx) {
        return true;
    }

    @Override public String toSave() {
        return "-m comment --comment " + quote(text);
    }

    /** iptables-save quotes a string only when the shell would need it. */
    static String quote(String s) {
        boolean plain = !s.isEmpty();
        for (char c : s.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) || "-_./:+@%,".indexOf(c) >= 0)) plain = false;
        }
        if (plain) return s;
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override public String toListing(Dialect dialect) {
        return " /* " + text + " */";
    }
}
