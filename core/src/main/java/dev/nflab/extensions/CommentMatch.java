package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/** {@code -m comment --comment TEXT}: always matches; documents the rule. */
final class CommentMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("comment", Parser::new);

    private final String text;

    CommentMatch(String text) {
        this.text = text;
    }

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
        // xtables_save_string puts a backslash before each backslash, double and single quote.
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("'", "\\'") + "\"";
    }

    @Override public String toListing(Dialect dialect) {
        return " /* " + text + " */";
    }

    private static final class Parser implements OptionParser<Match> {
        private String text;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--comment")) return false;
            text = args.value(o);
            if (text.length() > 255) throw new ParameterProblem("COMMENT must be shorter than 256 characters");
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (text == null) throw new ParameterProblem("comment: option \"--comment\" must be specified");
            return new CommentMatch(text);
        }
    }
}
