package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;

/** {@code -j MARK --set-xmark VALUE/MASK} (and {@code --set-mark}): sets the packet's mark. */
final class MarkTarget implements Target {
    static final TargetExtension EXTENSION = new TargetExtension("MARK", () -> new Parser());

    private final int value;
    private final int mask;

    MarkTarget(int value, int mask) {
        this.value = value;
        this.mask = mask;
    }

    @Override public Verdict apply(PacketContext ctx) {
        ctx.packet().setMark((ctx.packet().mark() & ~mask) ^ value);
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "MARK"; }

    @Override public String toSave() {
        return "-j MARK --set-xmark 0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }

    /** libxt_MARK's print: the simplest of and, or, xor, set, xset that says it. */
    @Override public String toListing(Dialect dialect) {
        if (value == 0) return " MARK and 0x" + Integer.toHexString(~mask);
        if (value == mask) return " MARK or 0x" + Integer.toHexString(value);
        if (mask == 0) return " MARK xor 0x" + Integer.toHexString(value);
        if (mask == -1) return " MARK set 0x" + Integer.toHexString(value);
        return " MARK xset 0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }

    private static final class Parser implements OptionParser<Target> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--set-mark", "--set-xmark", "--and-mark", "--or-mark", "--xor-mark");
        }

        private long[] vm;
        private String option;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--set-mark", "--set-xmark", "--and-mark", "--or-mark", "--xor-mark" -> { }
                default -> { return false; }
            }
            String v = args.value(o);
            if (o.equals(option)) throw new ParameterProblem("MARK: option \"" + o + "\" can only be used once.");
            if (option != null) {
                throw new ParameterProblem("MARK: option \"" + option + "\" cannot be used together with \"" + o + "\".");
            }
            option = o;
            // libxt_MARK (revision 2): everything becomes --set-xmark VALUE/MASK
            switch (o) {
                case "--set-mark" -> {
                    long[] m = MarkMatch.valueMask(v, "MARK", o);
                    vm = new long[] {m[0], m[1] | m[0]};
                }
                case "--set-xmark" -> vm = MarkMatch.valueMask(v, "MARK", o);
                default -> {
                    long[] n = Services.strtoui(v, 0xffffffffL, true);
                    if (n == null) {
                        throw new ParameterProblem("MARK: bad integer value for option \"" + o + "\", or out of range.");
                    }
                    vm = switch (o) {
                        case "--and-mark" -> new long[] {0, ~n[0] & 0xffffffffL};
                        case "--or-mark" -> new long[] {n[0], n[0]};
                        default -> new long[] {n[0], 0};
                    };
                }
            }
            return true;
        }

        @Override public Target build() throws ParameterProblem {
            if (vm == null) {
                throw new ParameterProblem("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
            }
            return new MarkTarget((int) vm[0], (int) vm[1]);
        }
    }
}
