package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/** {@code -m mark --mark VALUE[/MASK]}: the packet's firewall mark. */
final class MarkMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("mark", Parser::new);

    private final int value;
    private final int mask;
    private final boolean inverted;

    MarkMatch(int value, int mask, boolean inverted) {
        this.value = value;
        this.mask = mask;
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        return ((ctx.packet().mark() & mask) == value) != inverted;
    }

    private String text() {
        return mask == -1 ? "0x" + Integer.toHexString(value)
                : "0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }

    @Override public String toSave() {
        return "-m mark " + (inverted ? "! " : "") + "--mark " + text();
    }

    @Override public String toListing(Dialect dialect) {
        return " mark match " + (inverted ? "! " : "") + text();
    }

    /**
     * {@code VALUE[/MASK]} as libxtables' mark type reads it (xtopt_parse_markmask): numbers in
     * base 0 up to 0xffffffff, the mask 0xffffffff when absent; {value, mask}, unsigned.
     * {@code extension} and {@code option} word the error as iptables does.
     */
    static long[] valueMask(String v, String extension, String option) throws ParameterProblem {
        String bad = extension + ": bad integer value for option \"" + option + "\", or out of range.";
        long[] value = Services.strtoui(v, 0xffffffffL, false);
        if (value == null) throw new ParameterProblem(bad);
        long mask = 0xffffffffL;
        int end = (int) value[1];
        if (end < v.length() && v.charAt(end) == '/') {
            long[] m = Services.strtoui(v.substring(end + 1), 0xffffffffL, false);
            if (m == null) throw new ParameterProblem(bad);
            mask = m[0];
            end = end + 1 + (int) m[1];
        }
        if (end != v.length()) {
            throw new ParameterProblem(extension + ": trailing garbage after value for option \"" + option + "\".");
        }
        return new long[] {value[0], mask};
    }

    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--mark");
        }

        private long[] vm;
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--mark")) return false;
            String v = args.value(o);
            if (vm != null) throw new ParameterProblem("mark: option \"--mark\" can only be used once.");
            vm = valueMask(v, "mark", "--mark");
            inverted = inv;
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (vm == null) throw new ParameterProblem("mark: option \"--mark\" must be specified");
            return new MarkMatch((int) vm[0], (int) vm[1], inverted);
        }
    }
}
