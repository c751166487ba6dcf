package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code -m multiport --dports|--sports|--ports LIST}: up to 15 ports or ranges. */
final class MultiportMatch implements Match {
    static final MatchExtension EXTENSION = new MatchExtension("multiport", Parser::new);

    /** Which ports the list applies to. */
    enum Kind { SOURCE, DESTINATION, EITHER }

    private final Kind kind;
    private final List<PortRange> ports;
    private final boolean inverted;

    MultiportMatch(Kind kind, List<PortRange> ports, boolean inverted) {
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
        // libxt_multiport prints " !" before the list: "multiport sports  !53,123".
        return " multiport " + option() + " " + (inverted ? " !" : "") + list();
    }

    private static final class Parser implements OptionParser<Match> {
        private Kind kind;
        private final List<PortRange> ports = new ArrayList<>();
        private boolean inverted;

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            Kind k = switch (o) {
                case "--sports", "--source-ports" -> Kind.SOURCE;
                case "--dports", "--destination-ports" -> Kind.DESTINATION;
                case "--ports" -> Kind.EITHER;
                default -> null;
            };
            if (k == null) return false;
            if (kind != null) throw new ParameterProblem("multiport can only have one option");
            kind = k;
            inverted = inv;
            String[] items = args.value(o).split(",");
            if (items.length > 15) throw new ParameterProblem("too many ports specified");
            for (String item : items) ports.add(PortRange.parse(item, false));
            return true;
        }

        @Override public Match build() throws ParameterProblem {
            if (kind == null) throw new ParameterProblem("multiport expects an option");
            return new MultiportMatch(kind, ports, inverted);
        }
    }
}
