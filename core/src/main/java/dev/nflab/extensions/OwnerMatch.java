package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Socket;
import java.util.List;
import java.util.Map;

/**
 * {@code -m owner [!] --socket-exists [!] --uid-owner ID[-ID] [!] --gid-owner ID[-ID]
 * [--suppl-groups]} (libxt_owner.c revision 1, xt_owner.c): the socket a locally generated packet
 * was sent from ({@link Socket}) and its file's fsuid, fsgid and, with --suppl-groups, the
 * supplementary groups. A packet with no socket (forwarded, REJECT's reset, TIME_WAIT) matches
 * only a rule whose every option is negated; one from the kernel's control sockets (socket, no
 * file: echo replies, ICMP errors, resets of closed ports) matches {@code --socket-exists} and
 * fails any uid or gid option unless negated. The kernel takes it in OUTPUT and POSTROUTING only
 * (any table), and refuses a range whose end is below its start. Prints the same on both back ends.
 */
final class OwnerMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("owner", Parser::new);

    // xt_owner.h's flags, in the order iptables prints them
    private static final int SOCKET = 4, UID = 1, GID = 2, SUPPL_GROUPS = 8;

    private final int match;
    private final int invert;
    private final long uidMin, uidMax, gidMin, gidMax;

    private OwnerMatch(int match, int invert, long uidMin, long uidMax, long gidMin, long gidMax) {
        this.match = match;
        this.invert = invert;
        this.uidMin = uidMin;
        this.uidMax = uidMax;
        this.gidMin = gidMin;
        this.gidMax = gidMax;
    }

    @Override public boolean matches(PacketContext ctx) {
        Socket s = ctx.packet().socket();
        if (s == null) return (match ^ invert) == 0;
        if ((match & invert & SOCKET) != 0) return false;
        if (!s.hasFile()) return ((match ^ invert) & (UID | GID)) == 0;
        if ((match & UID) != 0 && in(s.uid(), uidMin, uidMax) == ((invert & UID) != 0)) return false;
        if ((match & GID) != 0) {
            boolean in = in(s.gid(), gidMin, gidMax);
            if (!in && (match & SUPPL_GROUPS) != 0) {
                for (long g : s.groups()) in |= in(g, gidMin, gidMax);
            }
            if (in == ((invert & GID) != 0)) return false;
        }
        return true;
    }

    private static boolean in(long id, long min, long max) {
        return id >= min && id <= max;
    }

    /** xt_owner's hooks; owner_check refuses a range that ends below its start (EINVAL). */
    @Override public boolean kernelAccepts(Hook hook) {
        if ((match & UID) != 0 && uidMax < uidMin || (match & GID) != 0 && gidMax < gidMin) return false;
        return hook == null || hook == Hook.OUTPUT || hook == Hook.POSTROUTING;
    }

    @Override public String toSave() {
        return "-m owner" + items("--socket-exists", "--uid-owner", "--gid-owner", "--suppl-groups");
    }

    @Override public String toListing(Dialect dialect) {
        return items("owner socket exists", "owner UID match", "owner GID match", "incl. suppl. groups");
    }

    private String items(String socket, String uid, String gid, String suppl) {
        StringBuilder b = new StringBuilder();
        item(b, SOCKET, socket, 0, 0);
        item(b, UID, uid, uidMin, uidMax);
        item(b, GID, gid, gidMin, gidMax);
        item(b, SUPPL_GROUPS, suppl, 0, 0);
        return b.toString();
    }

    private void item(StringBuilder b, int flag, String label, long min, long max) {
        if ((match & flag) == 0) return;
        if ((invert & flag) != 0) b.append(" !");
        b.append(' ').append(label);
        if (flag == UID || flag == GID) b.append(' ').append(min).append(min != max ? "-" + max : "");
    }

    /** libxt_owner's revision 1 options (the kernel has no revision 0 any more: no --pid-owner). */
    private static final class Parser implements OptionParser<Match> {
        @Override public List<String> options() {
            return List.of("--uid-owner", "--gid-owner", "--socket-exists", "--suppl-groups");
        }

        private int match, invert;
        private long[] uid = {0, 0}, gid = {0, 0};

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            int flag = switch (o) {
                case "--uid-owner" -> UID;
                case "--gid-owner" -> GID;
                case "--socket-exists" -> SOCKET;
                case "--suppl-groups" -> SUPPL_GROUPS;
                default -> 0;
            };
            if (flag == 0) return false;
            if ((match & flag) != 0) throw new ParameterProblem("owner: option \"" + o + "\" can only be used once.\n");
            if (inv && flag == SUPPL_GROUPS) throw new ParameterProblem("owner: option \"" + o + "\" cannot be inverted.\n");
            if (flag == UID) uid = ids(args.value(o), o, USERS);
            if (flag == GID) gid = ids(args.value(o), o, GROUPS);
            if (flag == SUPPL_GROUPS && (match & GID) == 0) {
                throw new ParameterProblem("owner: Bad value for \"--suppl-groups\" option: \"you need to use --gid-owner first\"");
            }
            match |= flag;
            if (inv) invert |= flag;
            return true;
        }

        /** A name (getpwnam/getgrnam, exact) or owner_parse_range's ID, ID-ID or ID:ID. */
        private static long[] ids(String s, String option, Map<String, Long> names) throws ParameterProblem {
            Long named = names.get(s);
            if (named != null) return new long[] {named, named};
            long[] from = LengthMatch.Parser.strtoul(s, 0);
            if (from == null || from[0] > MAX_ID) throw bad(option, s);
            int end = (int) from[1];
            long[] to = from;
            if (end < s.length() && (s.charAt(end) == '-' || s.charAt(end) == ':')) {
                to = LengthMatch.Parser.strtoul(s, end + 1);
                if (to == null || to[0] > MAX_ID) throw bad(option, s);
                end = (int) to[1];
            }
            if (end != s.length()) throw bad(option, s);
            return new long[] {from[0], to[0]};
        }

        private static ParameterProblem bad(String option, String value) {
            return new ParameterProblem("owner: Bad value for \"" + option + "\" option: \"" + value + "\"");
        }

        /** (uid_t) -1 is no one's, so the largest id is one below it. */
        private static final long MAX_ID = 4294967294L;

        @Override public Match build() throws ParameterProblem {
            if ((match & (UID | GID | SOCKET)) == 0) {
                throw new ParameterProblem("owner: At least one of --uid-owner, --gid-owner or --socket-exists is required");
            }
            return new OwnerMatch(match, invert, uid[0], uid[1], gid[0], gid[1]);
        }
    }

    /**
     * The names the model resolves: Debian's and Ubuntu's fixed base-passwd users and groups, the
     * same on every such host (others are the host's own: the model refuses them as iptables
     * refuses a name it cannot find).
     */
    private static final Map<String, Long> USERS = Map.ofEntries(
            Map.entry("root", 0L), Map.entry("daemon", 1L), Map.entry("bin", 2L), Map.entry("sys", 3L),
            Map.entry("sync", 4L), Map.entry("games", 5L), Map.entry("man", 6L), Map.entry("lp", 7L),
            Map.entry("mail", 8L), Map.entry("news", 9L), Map.entry("uucp", 10L), Map.entry("proxy", 13L),
            Map.entry("www-data", 33L), Map.entry("backup", 34L), Map.entry("list", 38L), Map.entry("irc", 39L),
            Map.entry("nobody", 65534L));
    private static final Map<String, Long> GROUPS = Map.ofEntries(
            Map.entry("root", 0L), Map.entry("daemon", 1L), Map.entry("bin", 2L), Map.entry("sys", 3L),
            Map.entry("adm", 4L), Map.entry("tty", 5L), Map.entry("disk", 6L), Map.entry("lp", 7L),
            Map.entry("mail", 8L), Map.entry("news", 9L), Map.entry("uucp", 10L), Map.entry("man", 12L),
            Map.entry("proxy", 13L), Map.entry("kmem", 15L), Map.entry("dialout", 20L), Map.entry("fax", 21L),
            Map.entry("voice", 22L), Map.entry("cdrom", 24L), Map.entry("floppy", 25L), Map.entry("tape", 26L),
            Map.entry("sudo", 27L), Map.entry("audio", 29L), Map.entry("dip", 30L), Map.entry("www-data", 33L),
            Map.entry("backup", 34L), Map.entry("operator", 37L), Map.entry("list", 38L), Map.entry("irc", 39L),
            Map.entry("src", 40L), Map.entry("shadow", 42L), Map.entry("utmp", 43L), Map.entry("video", 44L),
            Map.entry("sasl", 45L), Map.entry("plugdev", 46L), Map.entry("staff", 50L), Map.entry("games", 60L),
            Map.entry("users", 100L), Map.entry("nogroup", 65534L));
}
