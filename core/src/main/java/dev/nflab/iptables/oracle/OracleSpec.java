package dev.nflab.iptables.oracle;

import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule specification of the iptables oracle ({@code data/iptables-oracle/specs.txt}): the
 * words given to {@code iptables -t TABLE -A CHAIN WORDS...}, and the section it came from
 * ({@code handpicked}, {@code docker}, {@code generated}...).
 *
 * <p>Its text form is {@code SECTION TABLE CHAIN WORDS}, the words quoted as a POSIX shell reads
 * them: a word of safe characters bare, any other in single quotes ({@code '} written {@code '\''}),
 * so the recorder can hand it to bash and the model to its tokenizer and both get the same words.
 */
public record OracleSpec(String section, String table, String chain, List<String> words) {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.,:/+=@%!-]+");

    public OracleSpec {
        words = List.copyOf(words);
    }

    /** {@code SECTION TABLE CHAIN WORDS}, the line after {@code spec } in specs.txt. */
    public String text() {
        StringBuilder b = new StringBuilder(section).append(' ').append(table).append(' ').append(chain);
        for (String w : words) b.append(' ').append(quote(w));
        return b.toString();
    }

    /** The whole command line, as a reader would type it. */
    public List<String> command() {
        List<String> c = new ArrayList<>(List.of("-t", table, "-A", chain));
        c.addAll(words);
        return c;
    }

    public static String quote(String w) {
        if (BARE.matcher(w).matches()) return w;
        return "'" + w.replace("'", "'\\''") + "'";
    }

    /** Reads {@code SECTION TABLE CHAIN WORDS}. */
    public static OracleSpec parse(String text) throws IptablesException {
        List<String> w = Tokenizer.split(text);
        if (w.size() < 3) throw new IptablesException("a spec needs SECTION TABLE CHAIN: `" + text + "'", 2);
        return new OracleSpec(w.get(0), w.get(1), w.get(2), w.subList(3, w.size()));
    }
}
