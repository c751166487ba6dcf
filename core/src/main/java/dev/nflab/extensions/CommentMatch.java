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

    /**
     * libxtables' xtables_save_string: bare when every character is an ASCII letter, digit, - or _
     * (and there is one), else in double quotes with a backslash before each ", \\ and '.
     */
    static String quote(String s) {
        boolean plain = !s.isEmpty();
        for (char c : s.toCharArray()) {
            boolean ascii = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_');
            if (!ascii) plain = false;
        }
        if (plain) return s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c == '\'') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }

    @Override public String toListing(Dialect dialect) {
        return " /* " + text + " */";
    }

    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--comment");
        }

        private String text;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--comment")) return false;
            text = args.value(o);
            // xt_comment keeps 256 bytes: libxtables copies what fits (255 and the NUL)
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length > 255) {
                text = new String(java.util.Arrays.copyOf(bytes, 255), java.nio.charset.StandardCharsets.UTF_8);
            }
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (text == null) throw new ParameterProblem("comment: option \"--comment\" must be specified");
            return new CommentMatch(text);
        }
    }
}
