package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.InterfaceSpec;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/**
 * {@code -m physdev}: the bridge ports a bridged packet (br_netfilter) came in on and goes out of,
 * and whether it is bridged at all.
 */
final class PhysdevMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("physdev", Parser::new);

    private final InterfaceSpec in;
    private final InterfaceSpec out;
    /** 1: must be, 0: must not be, -1: don't care. */
    private final int isIn;
    private final int isOut;
    private final int isBridged;

    /**
     * physdev_mt_check: --physdev-out and --physdev-is-out without --physdev-is-bridged (or with it
     * inverted) are refused in OUTPUT, where no bridge port is known yet.
     */
    @Override public boolean kernelAccepts(dev.nflab.netfilter.Hook hook) {
        boolean outOptions = out != null || isOut >= 0;
        return !(outOptions && isBridged != 1 && hook == dev.nflab.netfilter.Hook.OUTPUT);
    }

    PhysdevMatch(InterfaceSpec in, InterfaceSpec out, int isIn, int isOut, int isBridged) {
        this.in = in;
        this.out = out;
        this.isIn = isIn;
        this.isOut = isOut;
        this.isBridged = isBridged;
    }

    @Override public boolean matches(PacketContext ctx) {
        String physIn = ctx.physIn() == null ? null : ctx.physIn().name();
        String physOut = ctx.physOut() == null ? null : ctx.physOut().name();
        if (physIn == null && physOut == null) {
            // Not a bridged packet: the match holds only if every option used is negated (xt_physdev).
            return isBridged != 1 && isIn != 1 && isOut != 1
                    && (in == null || in.inverted()) && (out == null || out.inverted());
        }
        if (isIn >= 0 && (physIn != null) != (isIn == 1)) return false;
        if (isOut >= 0 && (physOut != null) != (isOut == 1)) return false;
        if (isBridged >= 0 && (physOut != null) != (isBridged == 1)) return false;
        if (in != null && !in.matches(physIn == null ? "" : physIn)) return false;
        return out == null || out.matches(physOut == null ? "" : physOut);
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m physdev");
        if (in != null) b.append(in.inverted() ? " ! --physdev-in " : " --physdev-in ").append(in.name());
        if (out != null) b.append(out.inverted() ? " ! --physdev-out " : " --physdev-out ").append(out.name());
        if (isIn >= 0) b.append(isIn == 0 ? " ! --physdev-is-in" : " --physdev-is-in");
        if (isOut >= 0) b.append(isOut == 0 ? " ! --physdev-is-out" : " --physdev-is-out");
        if (isBridged >= 0) b.append(isBridged == 0 ? " ! --physdev-is-bridged" : " --physdev-is-bridged");
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder(" PHYSDEV match");
        if (in != null) b.append(in.inverted() ? " ! --physdev-in " : " --physdev-in ").append(in.name());
        if (out != null) b.append(out.inverted() ? " ! --physdev-out " : " --physdev-out ").append(out.name());
        if (isIn >= 0) b.append(isIn == 0 ? " ! --physdev-is-in" : " --physdev-is-in");
        if (isOut >= 0) b.append(isOut == 0 ? " ! --physdev-is-out" : " --physdev-is-out");
        if (isBridged >= 0) b.append(isBridged == 0 ? " ! --physdev-is-bridged" : " --physdev-is-bridged");
        return b.toString();
    }

    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--physdev-in", "--physdev-out", "--physdev-is-in", "--physdev-is-out", "--physdev-is-bridged");
        }

        private InterfaceSpec in, out;
        private int isIn = -1, isOut = -1, isBridged = -1;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--physdev-in" -> in = new InterfaceSpec(name(args.value(o)), inv);
                case "--physdev-out" -> out = new InterfaceSpec(name(args.value(o)), inv);
                case "--physdev-is-in" -> isIn = inv ? 0 : 1;
                case "--physdev-is-out" -> isOut = inv ? 0 : 1;
                case "--physdev-is-bridged" -> isBridged = inv ? 0 : 1;
                default -> { return false; }
            }
            return true;
        }

        /** xtables_parse_interface, as for -i: at most 15 characters. */
        private static String name(String v) throws ParameterProblem {
            if (v.length() > 15) {
                throw new ParameterProblem("interface name `" + v + "' must be shorter than IFNAMSIZ (15)");
            }
            return v;
        }

        @Override public Match build() throws ParameterProblem {
            if (in == null && out == null && isIn < 0 && isOut < 0 && isBridged < 0) {
                throw new ParameterProblem("PHYSDEV: no physdev option specified");
            }
            return new PhysdevMatch(in, out, isIn, isOut, isBridged);
        }
    }
}
