package dev.nflab.netfilter.match;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.CtState;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m conntrack --ctstate LIST} and its older sibling {@code -m state --state LIST}: the
 * packet's conntrack state (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED) and, for
 * {@code --ctstate} only, the virtual states SNAT and DNAT.
 */
public final class ConntrackMatch implements Match {
    /** The order iptables prints states in. */
    private static final CtState[] PRINT_ORDER = {CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT};

    private final int stateMask;
    private final boolean inverted;
    private final boolean legacyStateMatch;

    public ConntrackMatch(int stateMask, boolean inverted, boolean legacyStateMatch) {
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
        return legacyStateMatch
                ? " state " + (inverted ? "! " : "") + states()
                : " ctstate " + (inverted ? "! " : "") + states();
    }

    @Override public boolean needsConntrack() {
        return true;
    }
}
