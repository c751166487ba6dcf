package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code -j CT [--notrack] [--ctevents LIST] [--expevents new]} and its older alias
 * {@code -j NOTRACK} (raw table only), as libxt_CT.c (revision 2) parses and prints them and
 * xt_CT.c runs them: {@code --notrack} gives the packet the UNTRACKED conntrack state, so conntrack
 * never looks it up, no connection is made and nat is never consulted for it. A packet that
 * already has a conntrack state (one looped back through lo keeps the one it got in OUTPUT) is left
 * alone. Both print "CT" in {@code -L}'s target column; NOTRACK saves as {@code -j NOTRACK}.
 *
 * <p>The events only choose what ctnetlink reports (conntrack -E), nothing the model counts. The
 * options that change what conntrack does are refused: {@code --zone} other than 0 (conntrack
 * zones are separate lookup spaces), {@code --helper} (expectations, RELATED) and
 * {@code --timeout} (nfct timeout policies).
 */
final class CtTarget implements Target {
    static final TargetExtension CT = new TargetExtension("CT", () -> new Parser(false));
    static final TargetExtension NOTRACK = new TargetExtension("NOTRACK", () -> new Parser(true));

    /** ct_event_tbl's names in bit order (IPCT_NEW...IPCT_SECMARK): the order they print in. */
    private static final String[] CT_EVENTS = {"new", "related", "destroy", "reply", "assured", "protoinfo",
            "helper", "mark", "natseqinfo", "secmark"};
    private static final String[] EXP_EVENTS = {"new"};

    private final boolean alias;
    private final boolean notrack;
    private final int ctEvents;
    private final int expEvents;

    private CtTarget(boolean alias, boolean notrack, int ctEvents, int expEvents) {
        this.alias = alias;
        this.notrack = notrack;
        this.ctEvents = ctEvents;
        this.expEvents = expEvents;
    }

    @Override public Verdict apply(PacketContext ctx) {
        // xt_ct_target: "Previously seen (loopback)? Ignore."
        if (notrack && ctx.connection() == null && !ctx.untracked()) ctx.markUntracked();
        return Verdict.CONTINUE;
    }

    @Override public String name() { return "CT"; }

    @Override public String toSave() {
        if (alias) return "-j NOTRACK";
        StringBuilder b = new StringBuilder("-j CT");
        if (notrack) b.append(" --notrack");
        if (ctEvents != 0) b.append(" --ctevents ").append(events(CT_EVENTS, ctEvents));
        if (expEvents != 0) b.append(" --expevents ").append(events(EXP_EVENTS, expEvents));
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        if (alias) return " NOTRACK";
        StringBuilder b = new StringBuilder(" CT");
        if (notrack) b.append(" notrack");
        if (ctEvents != 0) b.append(" ctevents ").append(events(CT_EVENTS, ctEvents));
        if (expEvents != 0) b.append(" expevents ").append(events(EXP_EVENTS, expEvents));
        return b.toString();
    }

    private static String events(String[] names, int mask) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((mask & (1 << i)) == 0) continue;
            if (b.length() > 0) b.append(',');
            b.append(names[i]);
        }
        return b.toString();
    }

    @Override public Set<TableName> tables() { return EnumSet.of(TableName.RAW); }

    /** A template CT takes a reference on conntrack (nf_ct_netns_get); --notrack needs none. */
    @Override public boolean needsConntrack() { return !notrack; }

    private static final class Parser implements OptionParser<Target> {
        private final boolean alias;
        private boolean notrack;
        private int ctEvents = -1;
        private int expEvents = -1;
        /** The zone options seen (libxtables counts each option once, not the three together). */
        private final Set<String> zones = new HashSet<>();

        Parser(boolean alias) { this.alias = alias; }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (alias) return false; // NOTRACK has no options
            switch (o) {
                case "--notrack" -> {
                    once(notrack, o, inv);
                    notrack = true;
                }
                case "--ctevents" -> {
                    once(ctEvents >= 0, o, inv);
                    ctEvents = events(CT_EVENTS, args.value(o));
                }
                case "--expevents" -> {
                    once(expEvents >= 0, o, inv);
                    expEvents = events(EXP_EVENTS, args.value(o));
                }
                case "--zone", "--zone-orig", "--zone-reply" -> {
                    once(!zones.add(o), o, inv);
                    String v = args.value(o);
                    if (!v.equals("mark")) {
                        long n = zoneId(v);
                        // Zone 0 is the default zone every packet is in: a no-op that prints nothing.
                        if (n == 0) return true;
                    }
                    throw new ParameterProblem("CT: " + o + " is not modelled by nflab (conntrack zones)");
                }
                case "--helper" -> {
                    args.value(o);
                    throw new ParameterProblem("CT: --helper is not modelled by nflab (conntrack helpers)");
                }
                case "--timeout" -> {
                    args.value(o);
                    throw new ParameterProblem("CT: --timeout is not modelled by nflab (timeout policies)");
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static void once(boolean seen, String o, boolean inv) throws ParameterProblem {
            if (seen) throw new ParameterProblem("CT: option \"" + o + "\" can only be used once.\n");
            if (inv) throw new ParameterProblem("CT: option \"" + o + "\" cannot be inverted.\n");
        }

        /** A comma-separated list of the names, as ct_parse_events reads it. */
        private static int events(String[] names, String list) throws ParameterProblem {
            int mask = 0;
            for (String e : list.split(",", -1)) {
                int bit = -1;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(e)) bit = i;
                }
                if (bit < 0) throw new ParameterProblem("Unknown event type \"" + e + "\"");
                mask |= 1 << bit;
            }
            return mask;
        }

        /** xtables_strtoui(v, 0, 0, UINT16_MAX), as ct_parse_zone_id uses it. */
        private static long zoneId(String v) throws ParameterProblem {
            try {
                long n;
                if (v.startsWith("0x") || v.startsWith("0X")) n = Long.parseLong(v.substring(2), 16);
                else if (v.length() > 1 && v.startsWith("0")) n = Long.parseLong(v.substring(1), 8);
                else n = Long.parseLong(v);
                if (n >= 0 && n <= 65535 && !v.startsWith("+") && !v.startsWith("-")) return n;
            } catch (NumberFormatException e) {
                // falls through to iptables' message
            }
            throw new ParameterProblem("Cannot parse " + v + " as a zone ID");
        }

        @Override public Target build() {
            return new CtTarget(alias, alias || notrack, Math.max(ctEvents, 0), Math.max(expEvents, 0));
        }
    }
}
