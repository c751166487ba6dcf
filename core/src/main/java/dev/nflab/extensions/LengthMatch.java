package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/**
 * {@code -m length [!] --length MIN[:MAX]}: the packet's IP total length (the IP header's
 * tot_len, the bytes a rule counts), in an inclusive range. Prints the same on both back ends.
 */
final class LengthMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("length", Parser::new);

    private final int min;
    private final int max;
    private final boolean inverted;

    LengthMatch(int min, int max, boolean inverted) {
        this.min = min;
        this.max = max;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        int length = ctx.packet().length();
        return (length >= min && length <= max) != inverted;
    }

    private String range() {
        return min == max ? String.valueOf(min) : min + ":" + max;
    }

    @Override public String toSave() {
        return "-m length" + (inverted ? " !" : "") + " --length " + range();
    }

    @Override public String toListing(Dialect dialect) {
        return " length " + (inverted ? "!" : "") + range();
    }

    /** libxt_length's one option, a 16-bit range parsed as libxtables parses XTTYPE_UINT16RC. */
    static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--length");
        }

        private static final int LIMIT = 65535;
        private int[] range;
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--length")) return false;
            if (range != null) throw new ParameterProblem("length: option \"--length\" can only be used once.\n");
            range = range(args.value(o));
            inverted = inv;
            return true;
        }

        /** MIN, MIN:MAX, :MAX (MIN 0) or MIN: (MAX 65535); 1.8.9 takes MIN > MAX as it is. */
        private static int[] range(String s) throws ParameterProblem {
            int[] values = new int[2];
            int count = 0;
            int pos = 0;
            while (true) {
                if (count == 2) throw new ParameterProblem("length: Too many components for option \"--length\" (max: 2)\n");
                int end = pos;
                long value = count == 1 ? LIMIT : 0;
                if (pos < s.length() && s.charAt(pos) != ':') {
                    long[] n = strtoul(s, pos);
                    if (n == null || n[0] > LIMIT) {
                        throw new ParameterProblem("length: bad value for option \"--length\" near \"" + s.substring(pos)
                                + "\", or out of range (0-" + LIMIT + ").\n");
                    }
                    value = n[0];
                    end = (int) n[1];
                    if (end < s.length() && s.charAt(end) != ':') {
                        throw new ParameterProblem("length: Argument to \"--length\" has unexpected characters near \""
                                + s.substring(end) + "\".\n");
                    }
                }
                values[count++] = (int) value;
                if (end == s.length()) break;
                pos = end + 1;
            }
            return count == 1 ? new int[] {values[0], values[0]} : values;
        }

        /**
         * strtoumax(s + from, &end, 0) as xtables_strtoul uses it: blanks skipped, no minus, 0x for
         * hex and a leading 0 for octal. {value (capped above 16 bits), end}, or null for no number.
         */
        static long[] strtoul(String s, int from) {
            int p = from;
            while (p < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(p)) >= 0) p++;
            if (p < s.length() && s.charAt(p) == '-') return null;
            if (p < s.length() && s.charAt(p) == '+') p++;
            int radix = 10;
            if (p + 2 < s.length() && s.charAt(p) == '0' && (s.charAt(p + 1) | 0x20) == 'x'
                    && digit(s.charAt(p + 2), 16) >= 0) {
                radix = 16;
                p += 2;
            } else if (p < s.length() && s.charAt(p) == '0') {
                radix = 8;
            }
            int start = p;
            long value = 0;
            for (int d; p < s.length() && (d = digit(s.charAt(p), radix)) >= 0; p++) {
                value = Math.min(value * radix + d, 1L << 32);
            }
            return p == start ? null : new long[] {value, p};
        }

        private static int digit(char c, int radix) {
            return c < 128 ? Character.digit(c, radix) : -1;
        }

        @Override public Match build() throws ParameterProblem {
            if (range == null) throw new ParameterProblem("length: option \"--length\" must be specified\n");
            return new LengthMatch(range[0], range[1], inverted);
        }
    }
}
