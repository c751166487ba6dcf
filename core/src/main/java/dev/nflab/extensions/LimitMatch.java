package dev.nflab.extensions;

import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.RulesetException;

/**
 * {@code -m limit [--limit N[/second|/minute|/hour|/day]] [--limit-burst N]}: a token bucket per
 * rule, full when the rule is created, that lets through at most {@code burst} packets at once and
 * refills at the average rate. libxt_limit.c keeps the rate as {@code avg}, the period in units of
 * 1/10000 s ({@code XT_LIMIT_SCALE}); the two back ends then run different buckets:
 *
 * <ul>
 *   <li>legacy: xt_limit.c, credits refilled per elapsed jiffy (this kernel: {@code CONFIG_HZ=250},
 *   so 128 credits a jiffy), u32 arithmetic as the kernel's;</li>
 *   <li>nf_tables: iptables-nft writes nft's own {@code limit rate R/UNIT burst B packets}
 *   (nft_limit.c): tokens in nanoseconds of ktime, a packet costs {@code UNIT s / R}.</li>
 * </ul>
 *
 * Not invertible. Prints the same on both back ends, but what nf_tables keeps is the rate and unit
 * iptables-nft derived (read back as {@code avg}) and its burst 0 becomes nft's default 5.
 */
final class LimitMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("limit", Parser::new);

    static final long SCALE = 10000;      // XT_LIMIT_SCALE
    static final int DEFAULT_BURST = 5;   // XT_LIMIT_BURST
    static final int HZ = 250;            // this kernel's CONFIG_HZ (/boot/config-*)
    private static final long NANOS_PER_JIFFY = 1_000_000_000L / HZ;
    // MAX_CPJ = 0xFFFFFFFF / (HZ*60*60*24), and CREDITS_PER_JIFFY the power of two below it.
    static final long CREDITS_PER_JIFFY = Long.highestOneBit(0xFFFFFFFFL / (HZ * 86400L));
    private static final long U32 = 0xFFFFFFFFL;
    // print_rate's units, longest first (XT_LIMIT_SCALE times their seconds).
    private static final long[] MULT = {SCALE * 86400, SCALE * 3600, SCALE * 60, SCALE};
    private static final String[] UNIT = {"day", "hour", "min", "sec"};

    private long avg;   // u32 period, XT_LIMIT_SCALE units
    private long burst;
    private long nftCost; // nf_tables: nanoseconds a packet costs, 0 until the rule is in nf_tables

    // The bucket (xt_limit_priv, nft_limit): full until the first packet after creation.
    private boolean full = true;
    private long credit;
    private long prev;

    LimitMatch(long avg, long burst) {
        this.avg = avg;
        this.burst = burst;
    }

    /**
     * What nf_tables keeps (iptables-nft's add_nft_limit): rate and unit from print_rate's choice,
     * read back as avg = XT_LIMIT_SCALE * unit / rate; nft_limit makes a burst of 0 its default 5.
     */
    private void storeInNft() {
        if (nftCost != 0) return;
        int i = unitIndex(avg);
        long rate = MULT[i] / avg;
        long unitSeconds = MULT[i] / SCALE;
        nftCost = unitSeconds * 1_000_000_000L / rate;
        avg = SCALE * unitSeconds / rate;
        if (burst == 0) burst = DEFAULT_BURST;
    }

    /** print_rate's choice: the longest unit in which the rate is a whole enough number. */
    private static int unitIndex(long period) {
        int i = 1;
        for (; i < MULT.length; i++) {
            if (period > MULT[i] || MULT[i] / period < MULT[i] % period) break;
        }
        return i - 1;
    }

    private String rate() {
        int i = unitIndex(avg);
        return (MULT[i] / avg) + "/" + UNIT[i];
    }

    @Override public String toSave() {
        return "-m limit --limit " + rate() + (burst != DEFAULT_BURST ? " --limit-burst " + burst : "");
    }

    @Override public String toListing(Dialect dialect) {
        return " limit: avg " + rate() + " burst " + burst;
    }

    @Override public void tableReplaced() {
        full = true;
    }

    @Override public boolean hasState() {
        return true;
    }

    @Override public boolean matches(PacketContext ctx) {
        return ctx.backend() == Backend.NFT ? nftLimit(ctx.nanos()) : xtLimit(ctx.nanos() / NANOS_PER_JIFFY);
    }

    /** xt_limit's user2credits: the period in credits, dividing first where it would overflow. */
    static long user2credits(long user) {
        if (user > U32 / (HZ * CREDITS_PER_JIFFY)) return ((user / SCALE) * HZ * CREDITS_PER_JIFFY) & U32;
        return (user * HZ * CREDITS_PER_JIFFY) / SCALE;
    }

    private long cost() {
        return user2credits(avg);
    }

    private long creditCap() {
        return user2credits((avg * burst) & U32);
    }

    /** limit_mt: refill by the jiffies since the last packet, capped; take one packet's cost. */
    private boolean xtLimit(long jiffies) {
        long cap = creditCap();
        if (full) {
            credit = cap;
            prev = jiffies;
            full = false;
        }
        long increase = ((jiffies - prev) * CREDITS_PER_JIFFY) & U32;
        prev = jiffies;
        long next = (credit + increase) & U32;
        if (next > cap) next = cap;
        boolean pass = next >= cost();
        credit = pass ? next - cost() : next;
        return pass;
    }

    /** nft_limit_eval: tokens are nanoseconds, refilled as they pass, capped at cost * burst. */
    private boolean nftLimit(long now) {
        storeInNft();
        long cost = nftCost;
        long max = cost * burst;
        if (full) {
            credit = max;
            prev = now;
            full = false;
        }
        long tokens = credit + now - prev;
        if (tokens > max) tokens = max;
        prev = now;
        long delta = tokens - cost;
        if (delta >= 0) {
            credit = delta;
            return true;
        }
        credit = tokens;
        return false;
    }

    /**
     * limit_mt_check (legacy only: nft_limit has no such check): a burst of 0, or one whose
     * credits overflow 32 bits, is ERANGE.
     */
    @Override public void checkEntry(Backend backend) {
        if (backend == Backend.NFT) {
            storeInNft();
        } else if (burst == 0 || creditCap() < cost()) {
            throw new RulesetException("Numerical result out of range.");
        }
    }

    /** libxt_limit's two options, parsed as 1.8.9 does. */
    private static final class Parser implements OptionParser<Match> {
        @Override public java.util.List<String> options() {
            return java.util.List.of("--limit", "--limit-burst");
        }

        private long avg = SCALE * 3600 / 3; // XT_LIMIT_AVG "3/hour"
        private long burst = DEFAULT_BURST;
        private boolean seenLimit;
        private boolean seenBurst;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--limit" -> {
                    if (seenLimit) throw new ParameterProblem("limit: option \"--limit\" can only be used once.\n");
                    if (inv) throw new ParameterProblem("limit: option \"--limit\" cannot be inverted.\n");
                    seenLimit = true;
                    avg = parseRate(args.value(o));
                }
                case "--limit-burst" -> {
                    if (seenBurst) throw new ParameterProblem("limit: option \"--limit-burst\" can only be used once.\n");
                    if (inv) throw new ParameterProblem("limit: option \"--limit-burst\" cannot be inverted.\n");
                    seenBurst = true;
                    String v = args.value(o);
                    long[] n = LengthMatch.Parser.strtoul(v, 0);
                    if (n == null || n[1] != v.length() || n[0] > 10000) {
                        throw new ParameterProblem(
                                "limit: bad value for option \"--limit-burst\", or out of range (0-10000).\n");
                    }
                    burst = n[0];
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /**
         * parse_rate: atoi of the number (so "2.5" is 2, "-3" wraps to a huge u32), then an optional
         * "/" and any prefix of second, minute, hour or day, case-insensitive.
         */
        private static long parseRate(String rate) throws ParameterProblem {
            long mult = 1;
            int slash = rate.indexOf('/');
            if (slash >= 0) {
                String unit = rate.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
                if (unit.isEmpty()) throw bad(rate);
                if ("second".startsWith(unit)) mult = 1;
                else if ("minute".startsWith(unit)) mult = 60;
                else if ("hour".startsWith(unit)) mult = 3600;
                else if ("day".startsWith(unit)) mult = 86400;
                else throw bad(rate);
            }
            long r = atoi(rate) & U32;
            if (r == 0) throw bad(rate);
            if (r / mult > SCALE) throw new ParameterProblem("Rate too fast \"" + rate + "\"");
            return SCALE * mult / r;
        }

        private static ParameterProblem bad(String rate) {
            return new ParameterProblem("bad rate \"" + rate + "\"'");
        }

        /** C's atoi: blanks, a sign, digits; 0 when there are none (int overflow as glibc's strtol). */
        private static long atoi(String s) {
            int p = 0;
            while (p < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(p)) >= 0) p++;
            boolean negative = false;
            if (p < s.length() && (s.charAt(p) == '-' || s.charAt(p) == '+')) negative = s.charAt(p++) == '-';
            long v = 0;
            while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                v = Math.min(v * 10 + (s.charAt(p++) - '0'), 1L << 40);
            }
            if (negative) v = -v;
            return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }

        @Override public Match build() {
            return new LimitMatch(avg, burst);
        }
    }
}
