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
 * {@code -j CT [--notrack] [--helper NAME] [--ctevents LIST] [--expevents new] [--zone[-orig|-reply]
 * ID|mark] [--timeout NAME]} and its older alias {@code -j NOTRACK} (raw table only), as libxt_CT.c
 * (revision 2) parses and prints them and xt_CT.c checks and runs them: {@code --notrack} gives the
 * packet the UNTRACKED conntrack state, so conntrack never looks it up, no connection is made and
 * nat is never consulted for it. A packet that already has a conntrack state (one looped back
 * through lo keeps the one it got in OUTPUT) is left alone. Both print "CT" in {@code -L}'s target
 * column; NOTRACK saves as {@code -j NOTRACK}.
 *
 * <p>The events only choose what ctnetlink reports (conntrack -E), nothing the model counts.
 *
 * <p>What the kernel says when the rule is added (xt_ct_tg_check, in its order; {@code --notrack}
 * skips all of it): {@code --helper NAME} needs a {@code -p} that is not inverted and a helper of
 * that name for that protocol, else ENOENT: legacy's {@code iptables: No chain/target/match by that
 * name.} (status 1), nf_tables' {@code RULE_APPEND failed (No such file or directory)} (status 4).
 * The model's kernel knows the helpers Linux builds as modules and loads on demand
 * ({@link #HELPERS}: {@code -p tcp -j CT --helper ftp} is a good rule, as it was on the recording
 * kernel); it attaches the helper's name, but the model's packets carry no application data, so a
 * helper never sees an FTP or SIP command and never makes an expectation (no RELATED connection
 * comes of it). {@code --timeout NAME} needs such a {@code -p} too, else EINVAL, and then a timeout
 * policy of that name (made with {@code nfct add timeout}); the model's kernel has none, so it is
 * always refused with ENOENT, as a kernel where nobody made one refuses it.
 *
 * <p>{@code --zone ID} (and {@code -orig}/{@code -reply}, or {@code mark}) is taken, saved and
 * listed as iptables does, but the model keeps one conntrack lookup space: a zone keeps apart two
 * connections with the same addresses and ports, which no scenario of the kit has, so its
 * predictions are the same with or without the zone.
 */
final class CtTarget implements Target {
    static final TargetExtension CT = new TargetExtension("CT", () -> new Parser(false));
    static final TargetExtension NOTRACK = new TargetExtension("NOTRACK", () -> new Parser(true));

    /** ct_event_tbl's names in bit order (IPCT_NEW...IPCT_SECMARK): the order they print in. */
    private static final String[] CT_EVENTS = {"new", "related", "destroy", "reply", "assured", "protoinfo",
            "helper", "mark", "natseqinfo", "secmark"};
    private static final String[] EXP_EVENTS = {"new"};

    /**
     * The conntrack helpers a Linux kernel loads on demand (request_module "nfct-helper-NAME"):
     * each name with the protocols it registers for.
     */
    static final java.util.Map<String, Set<Integer>> HELPERS = java.util.Map.of(
            "ftp", Set.of(6), "irc", Set.of(6), "sane", Set.of(6), "pptp", Set.of(6), "Q.931", Set.of(6),
            "tftp", Set.of(17), "amanda", Set.of(17), "netbios-ns", Set.of(17), "snmp", Set.of(17),
            "RAS", Set.of(17));
    private static final int EINVAL = 22, ENOENT = 2;

    private final boolean alias;
    private final boolean notrack;
    private final int ctEvents;
    private final int expEvents;
    private final String helper;
    private final String timeout;
    /** The zone: its number, -1 for "mark" (the packet's mark chooses it); 0 with no mark prints nothing. */
    private final int zone;
    /** "", "-orig" or "-reply": the direction the zone applies to. */
    private final String zoneDir;

    private CtTarget(boolean alias, boolean notrack, int ctEvents, int expEvents, String helper, String timeout,
            int zone, String zoneDir) {
        this.alias = alias;
        this.notrack = notrack;
        this.ctEvents = ctEvents;
        this.expEvents = expEvents;
        this.helper = helper;
        this.timeout = timeout;
        this.zone = zone;
        this.zoneDir = zoneDir;
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
        if (helper != null) b.append(" --helper ").append(helper);
        if (ctEvents != 0) b.append(" --ctevents ").append(events(CT_EVENTS, ctEvents));
        if (expEvents != 0) b.append(" --expevents ").append(events(EXP_EVENTS, expEvents));
        if (zone != 0) b.append(" --zone").append(zoneDir).append(' ').append(zone < 0 ? "mark" : zone);
        if (timeout != null) b.append(" --timeout ").append(timeout);
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        if (alias) return " NOTRACK";
        StringBuilder b = new StringBuilder(" CT");
        if (notrack) b.append(" notrack");
        if (helper != null) b.append(" helper ").append(helper);
        if (ctEvents != 0) b.append(" ctevents ").append(events(CT_EVENTS, ctEvents));
        if (expEvents != 0) b.append(" expevents ").append(events(EXP_EVENTS, expEvents));
        if (zone != 0) b.append(" zone").append(zoneDir).append(' ').append(zone < 0 ? "mark" : zone);
        if (timeout != null) b.append(" timeout ").append(timeout);
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

    /** xt_ct_tg_check after the table and hooks: 0, EINVAL or ENOENT, in its order. */
    private int kernelErrno(int protocol, boolean protocolInverted) {
        if (notrack) return 0;
        // xt_ct_find_proto: the rule's -p, 0 when absent or inverted
        int proto = protocolInverted ? 0 : protocol;
        if (helper != null && (proto == 0 || !HELPERS.getOrDefault(helper, Set.of()).contains(proto))) return ENOENT;
        if (timeout != null) return proto == 0 ? EINVAL : ENOENT;
        return 0;
    }

    @Override public boolean kernelAccepts(int protocol, boolean protocolInverted) {
        return kernelErrno(protocol, protocolInverted) != EINVAL;
    }

    @Override public boolean kernelFinds(int protocol, boolean protocolInverted) {
        return kernelErrno(protocol, protocolInverted) != ENOENT;
    }

    /** A template CT takes a reference on conntrack (nf_ct_netns_get); --notrack needs none. */
    @Override public boolean needsConntrack() { return !notrack; }

    private static final class Parser implements OptionParser<Target> {
        /** libxt_CT's option table (revision 2); NOTRACK has none. */
        @Override public java.util.List<String> options() {
            return alias ? java.util.List.of() : java.util.List.of("--notrack", "--helper", "--ctevents", "--expevents",
                    "--zone-orig", "--zone-reply", "--zone", "--timeout");
        }

        private final boolean alias;
        private boolean notrack;
        private int ctEvents = -1;
        private int expEvents = -1;
        /** The zone options seen (libxtables counts each option once, not the three together). */
        private final Set<String> zones = new HashSet<>();
        private String helper, timeout;
        private int zone;
        private boolean orig, reply;

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
                    // one zone for all three options: the last value, the directions added up
                    zone = v.equals("mark") ? -1 : (int) zoneId(v);
                    if (o.equals("--zone-orig")) orig = true;
                    if (o.equals("--zone-reply")) reply = true;
                }
                case "--helper" -> {
                    once(helper != null, o, inv);
                    helper = args.value(o);
                }
                case "--timeout" -> {
                    once(timeout != null, o, inv);
                    timeout = args.value(o);
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
            String dir = orig == reply ? "" : orig ? "-orig" : "-reply";
            return new CtTarget(alias, alias || notrack, Math.max(ctEvents, 0), Math.max(expEvents, 0), helper, timeout,
                    zone, dir);
        }
    }
}
