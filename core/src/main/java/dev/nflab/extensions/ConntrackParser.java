package dev.nflab.extensions;

import dev.nflab.conntrack.CtState;
import dev.nflab.netfilter.Match;
import dev.nflab.packet.Protocol;
import java.util.HashSet;
import java.util.Set;

/**
 * The options of {@code -m conntrack} (conntrack3_mt_opts) and {@code -m state}, with
 * libxt_conntrack.c's checks and words: each option once, {@code --ctdir} never negated, a state
 * or status named by any prefix of its name (strncasecmp), at least one option (state: --state).
 */
final class ConntrackParser implements OptionParser<Match> {
    /** libxt_conntrack's option table (revision 3), or libxt_state's. */
    @Override public java.util.List<String> options() {
        return stateAlias ? java.util.List.of("--state") : java.util.List.of("--ctstate", "--ctproto", "--ctorigsrc",
                "--ctorigdst", "--ctreplsrc", "--ctrepldst", "--ctstatus", "--ctexpire", "--ctorigsrcport",
                "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport", "--ctdir");
    }

    private static final CtState[] PARSE_ORDER = {CtState.INVALID, CtState.NEW, CtState.ESTABLISHED,
            CtState.RELATED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT};
    private static final String[] STATUS_PARSE_ORDER = {"NONE", "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"};

    private final boolean stateAlias;
    private final String ext;
    private final Set<String> seen = new HashSet<>();
    private ConntrackMatch.Bits state, proto, status;
    private final ConntrackMatch.Address[] addresses = new ConntrackMatch.Address[4];
    private final ConntrackMatch.Ports[] ports = new ConntrackMatch.Ports[4];
    private ConntrackMatch.Expire expire;
    private int direction;

    ConntrackParser(boolean stateAlias) {
        this.stateAlias = stateAlias;
        this.ext = stateAlias ? "state" : "conntrack";
    }

    @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
        if (stateAlias) {
            if (!o.equals("--state")) return false;
            once(o, inv, true);
            state = new ConntrackMatch.Bits(states(args.value(o), true), inv);
            return true;
        }
        int address = indexOf(ConntrackMatch.ADDRESS_OPTIONS, o);
        int port = indexOf(ConntrackMatch.PORT_OPTIONS, o);
        switch (o) {
            case "--ctstate" -> {
                once(o, inv, true);
                state = new ConntrackMatch.Bits(states(args.value(o), false), inv);
            }
            case "--ctproto" -> {
                once(o, inv, true);
                String v = args.value(o);
                // xtables_parse_protocol: "all", a number, or a name of /etc/protocols, whose
                // aliases are upper case (TCP) but include no "ALL"
                int p = v.equalsIgnoreCase("all") && !v.equals("all") ? -1
                        : v.equals("icmpv6") || v.equals("ipv6-icmp") ? 58 : Protocol.parse(v);
                if (p < 0) throw new ParameterProblem("unknown protocol \"" + v + "\" specified");
                proto = new ConntrackMatch.Bits(p, inv);
            }
            case "--ctstatus" -> {
                once(o, inv, true);
                status = new ConntrackMatch.Bits(statuses(args.value(o)), inv);
            }
            case "--ctexpire" -> {
                once(o, inv, true);
                long[] r = XtValues.uint32Range(ext, o, args.value(o));
                expire = new ConntrackMatch.Expire(r[0], r[1], inv);
            }
            case "--ctdir" -> {
                once(o, inv, false);
                String v = args.value(o);
                if (v.equalsIgnoreCase("ORIGINAL")) {
                    direction = 1;
                } else if (v.equalsIgnoreCase("REPLY")) {
                    direction = 2;
                } else {
                    throw new ParameterProblem("conntrack: Bad value for \"--ctdir\" option: \"" + v + "\"");
                }
            }
            default -> {
                if (address >= 0) {
                    once(o, inv, true);
                    addresses[address] = new ConntrackMatch.Address(XtValues.hostMask(ext, o, args.value(o)), inv);
                } else if (port >= 0) {
                    once(o, inv, true);
                    int[] r = XtValues.portRange(ext, o, args.value(o));
                    ports[port] = new ConntrackMatch.Ports(r[0], r[1], inv);
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static int indexOf(String[] names, String option) {
        for (int i = 0; i < names.length; i++) {
            if (option.equals("--" + names[i])) return i;
        }
        return -1;
    }

    /** xtables_option_parse's checks, in its order: used twice, then a ! it does not allow. */
    private void once(String option, boolean inverted, boolean invertible) throws ParameterProblem {
        if (!seen.add(option)) {
            throw new ParameterProblem(ext + ": option \"" + option + "\" can only be used once.\n");
        }
        if (inverted && !invertible) {
            throw new ParameterProblem(ext + ": option \"" + option + "\" cannot be inverted.\n");
        }
    }

    /** A comma list of states; "Bad ctstate" (or "Bad state") quotes the list from the bad one on. */
    private static int states(String arg, boolean stateMatch) throws ParameterProblem {
        String bad = stateMatch ? "Bad state \"" : "Bad ctstate \"";
        int mask = 0;
        int from = 0;
        while (true) {
            int comma = arg.indexOf(',', from);
            String word = comma < 0 ? arg.substring(from) : arg.substring(from, comma);
            if (comma < 0 && word.isEmpty() && stateMatch) {
                throw new ParameterProblem("\"--state\" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED");
            }
            CtState s = word.isEmpty() ? null : prefixOf(word, stateMatch);
            if (s == null) throw new ParameterProblem(bad + arg.substring(from) + "\"");
            mask |= s.bit();
            if (comma < 0) return mask;
            from = comma + 1;
        }
    }

    private static CtState prefixOf(String word, boolean stateMatch) {
        for (CtState s : PARSE_ORDER) {
            if (stateMatch && (s == CtState.SNAT || s == CtState.DNAT)) continue;
            if (isPrefix(word, s.name())) return s;
        }
        return null;
    }

    /** strncasecmp(word, name, strlen(word)) == 0. */
    private static boolean isPrefix(String word, String name) {
        return word.length() <= name.length() && name.substring(0, word.length()).equalsIgnoreCase(word);
    }

    /** A comma list of statuses: NONE adds no bit; each name as in the kernel (IPS_*). */
    private static int statuses(String arg) throws ParameterProblem {
        int mask = 0;
        int from = 0;
        while (true) {
            int comma = arg.indexOf(',', from);
            String word = comma < 0 ? arg.substring(from) : arg.substring(from, comma);
            int found = -1;
            for (int i = 0; i < STATUS_PARSE_ORDER.length && !word.isEmpty() && found < 0; i++) {
                if (isPrefix(word, STATUS_PARSE_ORDER[i])) found = i;
            }
            if (found < 0) throw new ParameterProblem("Bad ctstatus \"" + arg.substring(from) + "\"");
            if (found > 0) mask |= 1 << (found - 1);
            if (comma < 0) return mask;
            from = comma + 1;
        }
    }

    @Override public Match build() throws ParameterProblem {
        if (seen.isEmpty()) {
            throw new ParameterProblem(stateAlias ? "state: option \"--state\" must be specified\n"
                    : "conntrack: At least one option is required");
        }
        return new ConntrackMatch(stateAlias, state, proto, addresses, ports, status, expire, direction);
    }
}
