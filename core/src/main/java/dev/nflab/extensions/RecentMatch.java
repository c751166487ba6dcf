package dev.nflab.extensions;

import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.RecentTables;
import dev.nflab.netfilter.RulesetException;

/**
 * {@code -m recent [!] --set|--rcheck|--update|--remove [--name N] [--rsource|--rdest]
 * [--mask M] [--seconds S] [--reap] [--hitcount H] [--rttl]} (libxt_recent.c revision 1,
 * xt_recent.c): a list of addresses per name in the network namespace, each with the times of its
 * last hits. {@code --set} adds or refreshes the packet's (masked) address and always matches;
 * {@code --rcheck} matches an address in the list (with at least {@code --hitcount} hits in the
 * last {@code --seconds}); {@code --update} as well, and refreshes it when it matches;
 * {@code --remove} matches and removes it. The result is then inverted by {@code !}. Same on both
 * back ends: iptables-nft keeps xt_recent as a compat match (recorded:
 * data/real-iptables-1.8.9/extensions/recent), and the lists live in the namespace, not the rule,
 * so a legacy table replace keeps them.
 */
final class RecentMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("recent", Parser::new);

    static final int CHECK = 1, SET = 2, UPDATE = 4, REMOVE = 8, TTL = 16, REAP = 32;
    static final int HZ = LimitMatch.HZ;
    private static final long NANOS_PER_JIFFY = 1_000_000_000L / HZ;
    /** XT_RECENT_MAX_NSTAMPS on this 6.18 kernel: --hitcount 256 is accepted (recorded). */
    static final long MAX_NSTAMPS = 65536;

    private final int checkSet;
    private final boolean inverted;
    private final long seconds;
    private final long hitCount;
    private final String name;
    private final boolean dest;
    private final int mask;

    private RecentMatch(Parser p) {
        checkSet = p.checkSet;
        inverted = p.inverted;
        seconds = p.seconds;
        hitCount = p.hitCount;
        name = p.name;
        dest = p.dest;
        mask = p.mask;
    }

    /** recent_mt_check's stamps per entry: a power of two holding --hitcount hits, 32 by default. */
    private int stampsMask() {
        return hitCount == 0 ? 31 : roundUp(hitCount) - 1;
    }

    private static int roundUp(long n) {
        long p = 1;
        while (p < n) p <<= 1;
        return (int) p;
    }

    /** When the kernel checked this rule: the first rule naming a list creates it (with its --mask). */
    private static final java.util.concurrent.atomic.AtomicLong CHECKS = new java.util.concurrent.atomic.AtomicLong();
    private long checkedAt = Long.MAX_VALUE;

    @Override public RecentTables.Need recentTable() {
        return new RecentTables.Need(name, stampsMask(), mask, checkedAt);
    }

    @Override public boolean hasState() {
        return true;
    }

    /** recent_mt, for IPv4. */
    @Override public boolean matches(PacketContext ctx) {
        RecentTables.RecentTable t = ctx.recentTables().table(name, stampsMask());
        int address = (dest ? ctx.packet().destination() : ctx.packet().source()) & t.addressMask();
        int ttl = ctx.packet().ttl();
        // "use TTL as seen before forwarding" (an output device and no socket): a forwarded
        // packet's TTL was already decremented. nflab's packets have no socket; a local process's
        // packet at OUTPUT has one (recorded: namespace 14), the kernel's own (ICMP errors, resets)
        // have none, which nflab does not tell apart: counted as the process's.
        if (ctx.out() != null && ctx.in() != null) ttl++;
        long now = ctx.nanos() / NANOS_PER_JIFFY;
        boolean ret = inverted;
        RecentTables.Entry e = t.lookup(address);
        // recent_entry_lookup with --rttl: the entry counts only if its TTL is this packet's (0 is any)
        if (e != null && (checkSet & TTL) != 0 && e.ttl != (ttl & 0xFF) && e.ttl != 0 && (ttl & 0xFF) != 0) e = null;
        if (e == null) {
            if ((checkSet & SET) == 0) return ret;
            t.add(address, now, ttl & 0xFF);
            return !ret;
        }
        if ((checkSet & SET) != 0) {
            ret = !ret;
        } else if ((checkSet & REMOVE) != 0) {
            t.remove(address);
            return !ret;
        } else {
            long time = now - seconds * HZ;
            int hits = 0;
            for (int i = 0; i < e.count(); i++) {
                if (seconds != 0 && time - e.stamp(i) > 0) continue;
                if (hitCount == 0 || ++hits >= hitCount) {
                    ret = !ret;
                    break;
                }
            }
            if ((checkSet & REAP) != 0) t.reap(time);
        }
        if ((checkSet & SET) != 0 || ((checkSet & UPDATE) != 0 && ret != inverted)) {
            RecentTables.Entry still = t.lookup(address);
            if (still != null) {
                t.update(address, still, now);
                still.ttl = ttl & 0xFF;
            }
        }
        return ret;
    }

    /**
     * recent_mt_check: exactly one command; --set and --remove take no --seconds or --hitcount;
     * no more hits than an entry can keep; a name that is empty or has a "/" (no /proc file).
     */
    @Override public void checkEntry(Backend backend) {
        boolean bad = ((checkSet & (SET | REMOVE)) != 0 && (seconds != 0 || hitCount != 0))
                || hitCount >= MAX_NSTAMPS || name.isEmpty() || name.indexOf('/') >= 0
                || name.equals(".") || name.equals("..");
        if (bad) throw new RulesetException(RulesetException.EINVAL);
        if (checkedAt == Long.MAX_VALUE) checkedAt = CHECKS.incrementAndGet();
    }

    private static String address(int a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m recent");
        if (inverted) b.append(" !");
        if ((checkSet & SET) != 0) b.append(" --set");
        if ((checkSet & CHECK) != 0) b.append(" --rcheck");
        if ((checkSet & UPDATE) != 0) b.append(" --update");
        if ((checkSet & REMOVE) != 0) b.append(" --remove");
        if (seconds != 0) b.append(" --seconds ").append((int) seconds);   // libxt_recent prints its u32 with %d
        if ((checkSet & REAP) != 0) b.append(" --reap");
        if (hitCount != 0) b.append(" --hitcount ").append((int) hitCount);
        if ((checkSet & TTL) != 0) b.append(" --rttl");
        b.append(" --name ").append(name).append(" --mask ").append(address(mask));
        b.append(dest ? " --rdest" : " --rsource");
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder();
        if (inverted) b.append(" !");
        b.append(" recent:");
        if ((checkSet & SET) != 0) b.append(" SET");
        if ((checkSet & CHECK) != 0) b.append(" CHECK");
        if ((checkSet & UPDATE) != 0) b.append(" UPDATE");
        if ((checkSet & REMOVE) != 0) b.append(" REMOVE");
        if (seconds != 0) b.append(" seconds: ").append((int) seconds);
        if ((checkSet & REAP) != 0) b.append(" reap");
        if (hitCount != 0) b.append(" hit_count: ").append((int) hitCount);
        if ((checkSet & TTL) != 0) b.append(" TTL-Match");
        b.append(" name: ").append(name).append(dest ? " side: dest" : " side: source");
        b.append(" mask: ").append(address(mask));
        return b.toString();
    }

    /** libxt_recent's options (revision 1), as libxtables' x6 parser checks them. */
    private static final class Parser implements OptionParser<Match> {
        private static final int NAME_LEN = 200; // XT_RECENT_NAME_LEN
        private int checkSet;
        private boolean inverted;
        private long seconds;
        private long hitCount;
        private String name = "DEFAULT";
        private boolean dest;
        private int mask = -1;
        private final java.util.List<String> seen = new java.util.ArrayList<>();

        private static ParameterProblem problem(String text) {
            return new ParameterProblem("recent: " + text + "\n");
        }

        private void once(String o, boolean inv, boolean invertible) throws ParameterProblem {
            if (seen.contains(o)) throw problem("option \"" + o + "\" can only be used once.");
            if (inv && !invertible) throw problem("option \"" + o + "\" cannot be inverted.");
            seen.add(o);
        }

        private static final String[] OPS = {"--set", "--rcheck", "--update", "--remove"};
        /** libxt_recent's option table, in its order, as xtables_options_fcheck walks it. */
        private static final String[] TABLE = {"--set", "--rcheck", "--update", "--remove", "--seconds", "--reap",
                "--hitcount", "--rttl", "--name", "--rsource", "--rdest", "--mask"};

        /** Each option's .excl: the commands exclude each other, --rttl excludes --set and --remove. */
        private static String[] excl(String o) {
            return switch (o) {
                case "--set", "--rcheck", "--update", "--remove" -> OPS;
                case "--rttl" -> new String[] {"--set", "--remove"};
                default -> new String[0];
            };
        }

        /** Its options in iptables' table: "--set" is then itself, not a prefix of "--set-counters". */
        @Override public java.util.List<String> options() {
            return java.util.List.of(TABLE);
        }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--set", "--rcheck", "--update", "--remove" -> {
                    once(o, inv, true);
                    checkSet |= switch (o) {
                        case "--set" -> SET;
                        case "--rcheck" -> CHECK;
                        case "--update" -> UPDATE;
                        default -> REMOVE;
                    };
                    if (inv) inverted = true;
                }
                case "--seconds" -> {
                    once(o, inv, false);
                    seconds = uint32(o, args.value(o), 1);
                }
                case "--hitcount" -> {
                    once(o, inv, false);
                    hitCount = uint32(o, args.value(o), 0);
                }
                case "--reap" -> {
                    once(o, inv, false);
                    checkSet |= REAP;
                }
                case "--rttl" -> {
                    once(o, inv, false);
                    checkSet |= TTL;
                }
                case "--name" -> {
                    once(o, inv, false);
                    String v = args.value(o);
                    name = v.length() > NAME_LEN - 1 ? v.substring(0, NAME_LEN - 1) : v;
                }
                case "--rsource" -> {
                    once(o, inv, false);
                    dest = false;
                }
                case "--rdest" -> {
                    once(o, inv, false);
                    dest = true;
                }
                case "--mask" -> {
                    once(o, inv, false);
                    String v = args.value(o);
                    Long a = XtValues.inetAton(v);
                    if (a == null) throw XtValues.unresolved(v);
                    mask = (int) (long) a;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** XTTYPE_UINT32 with its minimum: strtoul base 0, the whole word, up to 2^32 - 1. */
        private static long uint32(String o, String v, long min) throws ParameterProblem {
            long[] n = LengthMatch.Parser.strtoul(v, 0);
            if (v.startsWith("-") || n == null || n[1] != v.length() || n[0] > 0xFFFFFFFFL || n[0] < min) {
                throw problem("bad value for option \"" + o + "\", or out of range (" + min + "-4294967295).");
            }
            return n[0];
        }

        @Override public Match build() throws ParameterProblem {
            // xtables_options_fcheck: per option in table order, what it excludes, then what it needs.
            for (String o : TABLE) {
                if (!seen.contains(o)) continue;
                for (String other : excl(o)) {
                    if (!other.equals(o) && seen.contains(other)) {
                        throw problem("option \"" + o + "\" cannot be used together with \"" + other + "\".");
                    }
                }
                if (o.equals("--reap") && !seen.contains("--seconds")) {
                    throw problem("option \"--reap\" also requires \"--seconds\".");
                }
            }
            if ((checkSet & (SET | CHECK | UPDATE | REMOVE)) == 0) {
                throw new ParameterProblem("recent: you must specify one of `--set', `--rcheck' `--update' or"
                        + " `--remove'");
            }
            return new RecentMatch(this);
        }
    }
}
