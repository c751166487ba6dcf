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

    @Override public String toListing(Dialect dialect) {
        return mask == -1 ? " MARK set 0x" + Integer.toHexString(value)
                : " MARK xset 0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
    }

    private static final class Parser implements OptionParser<Target> {
        private long[] vm;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                // --set-mark V is --set-xmark V/0xffffffff; --set-mark V/M is --set-xmark V/(M|V).
                case "--set-mark" -> {
                    vm = MarkMatch.valueMask(args.value(o));
                    if (vm[1] != 0xffffffffL) vm = new long[] {vm[0], vm[1] | vm[0]};
                }
                case "--set-xmark" -> vm = MarkMatch.valueMask(args.value(o));
                default -> { return false; }
            }
            return true;
        }

        @Override public Target build() throws ParameterProblem {
            if (vm == null) throw new ParameterProblem("MARK target: Parameter --set-xmark is required");
            return new MarkTarget((int) vm[0], (int) vm[1]);
        }
    }
}
