package dev.nflab.netfilter.match;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;
import java.util.List;
import java.util.stream.Collectors;

/** {@code -m multiport --dports|--sports|--ports LIST}: up to 15 ports or ranges. */
public final class MultiportMatch implements Match {
    /** Which ports the list applies to. */
    public enum Kind { SOURCE, DESTINATION, EITHER }

    private final Kind kind;
    private final List<PortRange> ports;
    private final boolean inverted;

    public MultiportMatch(Kind kind, List<PortRange> ports, boolean inverted) {
        this.kind = kind;
        this.ports = List.copyOf(ports);
        this.inverted = inverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        Packet p = ctx.packet();
        if (!p.hasPorts()) return false;
        boolean hit = false;
        for (PortRange r : ports) {
            if ((kind != Kind.DESTINATION && r.contains(p.sourcePort()))
                    || (kind != Kind.SOURCE && r.contains(p.destinationPort()))) {
                hit = true;
                break;
            }
        }
        return hit != inverted;
    }

    private String option() {
        return switch (kind) {
            case SOURCE -> "sports";
            case DESTINATION -> "dports";
            case EITHER -> "ports";
        };
    }

    private String list() {
        return ports.stream().map(PortRange::toSave).collect(Collectors.joining(","));
    }

    @Override public String toSave() {
        return "-m multiport " + (inverted ? "! " : "") + "--" + option() + " " + list();
    }

    @Override public String toListing(Dialect dialect) {
        return " multiport " + option() + " " + (inverted ? "! " : "") + list();
    }
}
