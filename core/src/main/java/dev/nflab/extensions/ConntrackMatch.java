package dev.nflab.extensions;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.CtState;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m conntrack --ctstate LIST} and its older sibling {@code -m state --state LIST} (one
 * unit, as libxt_conntrack.c serves both): the packet's conntrack state (NEW, ESTABLISHED,
 * RELATED, INVALID, UNTRACKED) and, for {@code --ctstate} only, the virtual states SNAT and DNAT.
 */
final class ConntrackMatch implements Match {
    static final MatchExtension CONNTRACK = new MatchExtension("conntrack", () -> new Parser(false));
    static final MatchExtension STATE = new MatchExtension("state", () -> new Parser(true));

    /** The order iptables prints states in. */
    private static final CtState[] PRINT_ORDER = {CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT};

    private final int stateMask;
    private final boolean inverted;
    private final boolean legacyStateMatch;

    ConntrackMatch(int stateMask, boolean inverted, boolean legacyStateMatch) {
        this.stateMask = stateMask;
        this.inverted = inverted;
        this.legacyStateMatch = legacyStateMatch;
    }

    @Override public boolean matches(PacketContext ctx) {
        int bits = ctx.state().bit();
        Connection c = ctx.connection();
        if (c != null && !legacyStateMatch) {
            if (c.hasSourceNat()) bits |= CtState.SNAT.bit();
            if (c.hasDestinationNat()) bits |= CtState.DNAT.bit();
        }
        return ((bits & stateMask) != 0) != inverted;
    }

    /** Both take a reference on conntrack in their checkentry (nf_ct_netns_get). */
    @Override public boolean needsConntrack() {
        return true;
    }

    private String states() {
        List<String> names = new ArrayList<>();
        for (CtState s : PRINT_ORDER) {
            if ((stateMask & s.bit()) != 0) names.add(s.name());
        }
        return String.join(",", names);
    }

    @Override public String toSave() {
        return legacyStateMatch
                ? "-m state " + (inverted ? "! " : "") + "--state " + states()
                : "-m conntrack " + (inverted ? "! " : "") + "--ctstate " + states();
    }

    @Override public String toListing(Dialect dialect) {
        // libxt_conntrack prints the ! before the keyword: "! ctstate NEW", "! state NEW".
        return (inverted ? " !" : "") + (legacyStateMatch ? " state " : " ctstate ") + states();
    }

    private static final class Parser implements OptionParser<Match> {
        private final boolean stateMatch;
        private int mask = -1;
        private boolean inverted;

        Parser(boolean stateMatch) { this.stateMatch = stateMatch; }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            if (!o.equals(stateMatch ? "--state" : "--ctstate")) {
                if (!stateMatch && o.startsWith("--ct")) {
                    throw new ParameterProblem("conntrack: " + o + " is not modelled by nflab (only --ctstate)");
                }
                return false;
            }
            String v = args.value(o);
            mask = 0;
            for (String s : v.split(",")) {
                CtState st;
                try {
                    st = CtState.valueOf(s.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ParameterProblem("Bad ctstate \"" + s + "\"");
                }
                if (stateMatch && (st == CtState.SNAT || st == CtState.DNAT)) {
                    throw new ParameterProblem("Bad state \"" + s + "\"");
                }
                mask |= st.bit();
            }
            inverted = inv;
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (mask < 0) {
                throw new ParameterProblem(stateMatch ? "state match: You must specify \"--state\""
                        : "conntrack: At least one option is required");
            }
            return new ConntrackMatch(mask, inverted, stateMatch);
        }
    }
}
