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

    /** {@code VALUE[/MASK]} as the mark match and the MARK target take it: {value, mask}, unsigned. */
    static long[] valueMask(String v) throws ParameterProblem {
        try {
            int slash = v.indexOf('/');
            long value = Long.decode(slash < 0 ? v : v.substring(0, slash));
            long mask = slash < 0 ? 0xffffffffL : Long.decode(v.substring(slash + 1));
            if (value > 0xffffffffL || mask > 0xffffffffL || value < 0 || mask < 0) throw new NumberFormatException();
            return new long[] {value, mask};
        } catch (NumberFormatException e) {
            throw new ParameterProblem("Bad MARK value `" + v + "'");
        }
    }

    private static final class Parser implements OptionParser<Match> {
        private long[] vm;
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals("--mark")) return false;
            vm = valueMask(args.value(o));
            inverted = inv;
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (vm == null) throw new ParameterProblem("mark match: You must specify \"--mark\"");
            return new MarkMatch((int) vm[0], (int) vm[1], inverted);
        }
    }
}
