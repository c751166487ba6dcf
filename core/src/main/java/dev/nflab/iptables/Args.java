package dev.nflab.iptables;

import java.util.List;

/** A cursor over a command line's words, with iptables' error wording for missing values. */
final class Args {
    private final List<String> words;
    private int next;

    Args(List<String> words) {
        this.words = words;
    }

    boolean hasNext() { return next < words.size(); }
    String peek() { return words.get(next); }
    String next() { return words.get(next++); }

    /** The value of {@code option}, or iptables' "requires an argument" error. */
    String value(String option) throws IptablesException {
        if (!hasNext()) throw new IptablesException("option \"" + option + "\" requires an argument", 2);
        return next();
    }

    /** An optional positional value (a rule number after {@code -I CHAIN}). */
    String optionalValue() {
        if (hasNext() && !peek().startsWith("-") && !peek().equals("!")) return next();
        return null;
    }
}
