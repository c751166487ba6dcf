package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;

/**
 * {@code -m set [!] --match-set NAME src|dst[,...]} (libxt_set.c revision 4, xt_set.c): whether
 * the packet's source or destination address is in an ipset set. The set is looked up when the
 * rule is parsed ("Set NAME doesn't exist."), and the rule holds it, as the kernel holds the set's
 * index (so it cannot be destroyed while the rule exists). hash:ip and hash:net have one
 * dimension: only the first direction counts. {@code --packets-*} and {@code --bytes-*} compare
 * an element's counters, which only a set created with {@code counters} has; nflab's sets have
 * none, so, as in ip_set_match_extensions, they never decide. Same on both back ends (iptables-nft
 * keeps xt_set as a compat match).
 */
final class SetMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("set", Parser::new);

    private static final int DIM_MAX = 6;

    private final IpSets.IpSet set;
    private final boolean[] source; // per dimension: src (true) or dst
    private final boolean inverted;
    private final boolean returnNomatch;
    private final boolean noCounters;
    private final boolean noSubcounters;
    private final Counter packets;
    private final Counter bytes;

    /** {@code --packets-OP N} or {@code --bytes-OP N}: OP eq (maybe inverted), lt or gt. */
    private record Counter(String op, long value, boolean inverted) {}

    private SetMatch(Parser p) {
        set = p.set;
        source = p.source;
        inverted = p.inverted;
        returnNomatch = p.returnNomatch;
        noCounters = p.noCounters;
        noSubcounters = p.noSubcounters;
        packets = p.packets;
        bytes = p.bytes;
    }

    @Override public boolean matches(PacketContext ctx) {
        int address = source[0] ? ctx.packet().source() : ctx.packet().destination();
        return set.contains(address) != inverted;
    }

    @Override public boolean uses(IpSets.IpSet s) {
        return s == set;
    }

    private String directions() {
        StringBuilder b = new StringBuilder();
        for (boolean src : source) b.append(b.length() == 0 ? "" : ",").append(src ? "src" : "dst");
        return b.toString();
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m set").append(inverted ? " !" : "").append(" --match-set ")
                .append(set.name()).append(' ').append(directions());
        if (returnNomatch) b.append(" --return-nomatch");
        if (noCounters) b.append(" ! --update-counters");
        if (noSubcounters) b.append(" ! --update-subcounters");
        counter(b, "--packets-", packets);
        counter(b, "--bytes-", bytes);
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder(" ").append(inverted ? "! " : "").append("match-set ")
                .append(set.name()).append(' ').append(directions());
        if (returnNomatch) b.append(" return-nomatch");
        if (noCounters) b.append(" ! update-counters");
        if (noSubcounters) b.append(" ! update-subcounters");
        counter(b, "packets-", packets);
        counter(b, "bytes-", bytes);
        return b.toString();
    }

    private static void counter(StringBuilder b, String prefix, Counter c) {
        if (c == null) return;
        b.append(c.inverted() ? " ! " : " ").append(prefix).append(c.op()).append(' ')
                .append(Long.toUnsignedString(c.value()));
    }

    /** libxt_set's revision 4 options, checked in its order, with its messages. */
    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--match-set", "--set", "--return-nomatch", "--update-counters",
                    "--update-subcounters", "--packets-eq", "--packets-lt", "--packets-gt", "--bytes-eq", "--bytes-lt",
                    "--bytes-gt");
        }

        private IpSets.IpSet set;
        private boolean[] source;
        private boolean inverted;
        private boolean returnNomatch;
        private boolean noCounters;
        private boolean noSubcounters;
        private Counter packets;
        private Counter bytes;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--match-set" -> matchSet(inv, args);
                case "--set" -> throw new ParameterProblem("--set (deprecated by libxt_set for --match-set) is not"
                        + " modelled by nflab: use --match-set");
                case "--return-nomatch" -> {
                    if (inv) throw new ParameterProblem("--return-nomatch flag cannot be inverted");
                    returnNomatch = true;
                }
                // Counters are updated unless "!" says not to; without it the option changes nothing.
                case "--update-counters" -> noCounters |= inv;
                case "--update-subcounters" -> noSubcounters |= inv;
                case "--packets-eq", "--packets-lt", "--packets-gt" -> {
                    if (packets != null) throw new ParameterProblem("only one of the --packets-[eq|lt|gt] is allowed");
                    packets = counter(o, inv, args);
                }
                case "--bytes-eq", "--bytes-lt", "--bytes-gt" -> {
                    if (bytes != null) throw new ParameterProblem("only one of the --bytes-[eq|lt|gt] is allowed");
                    bytes = counter(o, inv, args);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void matchSet(boolean inv, OptionValues args) throws ParameterProblem {
            String name = args.value("--match-set");
            if (set != null) throw new ParameterProblem("--match-set can be specified only once");
            String dirs = args.peek();
            if (dirs == null || dirs.startsWith("-") || dirs.startsWith("!")) {
                throw new ParameterProblem("--match-set requires two args.");
            }
            if (name.length() > 31) {
                throw new ParameterProblem("setname `" + name + "' too long, max 31 characters.");
            }
            IpSets.IpSet found = args.ipsets().get(name);
            if (found == null) throw new ParameterProblem("Set " + name + " doesn't exist.\n");
            args.skip();
            set = found;
            source = directions(dirs);
            inverted = inv;
        }

        /** "src" and "dst" words, comma separated, at most six (a word counts by its first 3 letters). */
        private static boolean[] directions(String text) throws ParameterProblem {
            String[] words = text.split(",", -1);
            if (words.length > DIM_MAX) {
                for (int i = 0; i < DIM_MAX; i++) direction(words[i]);
                throw new ParameterProblem("Can't be more src/dst options than " + DIM_MAX + ".");
            }
            boolean[] src = new boolean[words.length];
            for (int i = 0; i < words.length; i++) src[i] = direction(words[i]);
            return src;
        }

        private static boolean direction(String word) throws ParameterProblem {
            if (word.startsWith("src")) return true;
            if (word.startsWith("dst")) return false;
            throw new ParameterProblem("You must spefify (the comma separated list of) 'src' or 'dst'.");
        }

        private static Counter counter(String option, boolean inv, OptionValues args) throws ParameterProblem {
            String op = option.substring(option.lastIndexOf('-') + 1);
            if (inv && !op.equals("eq")) throw new ParameterProblem(option + " option cannot be inverted");
            String text = args.value(option);
            Long value = strtoull(text);
            if (value == null) throw new ParameterProblem("Cannot parse " + text + " as a counter value");
            return new Counter(op, value, inv);
        }

        /** A whole unsigned 64-bit number in C's base 0 (0x hex, leading 0 octal); null otherwise. */
        private static Long strtoull(String s) {
            String digits = s;
            int radix = 10;
            if (digits.length() > 2 && digits.charAt(0) == '0' && (digits.charAt(1) | 0x20) == 'x') {
                radix = 16;
                digits = digits.substring(2);
            } else if (digits.length() > 1 && digits.charAt(0) == '0') {
                radix = 8;
                digits = digits.substring(1);
            }
            if (digits.isEmpty() || digits.charAt(0) == '+' || digits.charAt(0) == '-') return null;
            try {
                return Long.parseUnsignedLong(digits, radix);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override public Match build() throws ParameterProblem {
            if (set == null) throw new ParameterProblem("You must specify `--match-set' with proper arguments");
            return new SetMatch(this);
        }
    }
}
