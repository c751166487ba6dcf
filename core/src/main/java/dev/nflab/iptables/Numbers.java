package dev.nflab.iptables;

/** Numbers as libxtables reads them on the command line. */
final class Numbers {
    private Numbers() {}

    /**
     * {@code xtables_strtoui(text, NULL, &v, 0, max)}: a whole decimal number 0..max (a sign or
     * other text fails); {value} or null.
     */
    static long[] strtoui(String text, long max) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) return null;
        long v = Long.parseLong(text);
        return v <= max ? new long[] {v} : null;
    }
}
