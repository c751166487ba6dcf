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
        @Override public java.util.List<String> options() {
            return java.util.List.of("--source-ports", "--sports", "--destination-ports", "--dports", "--ports");
        }

        private Kind kind;
        private String optionName;
        private final java.util.EnumSet<Kind> given = java.util.EnumSet.noneOf(Kind.class);
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
            String name = switch (k) {
                case SOURCE -> "--source-ports";
                case DESTINATION -> "--destination-ports";
                case EITHER -> "--ports";
            };
            String list = args.value(o);
            // libxtables' option checks (each once, one of the three), then check_proto, then the list
            if (kind == k || given.contains(k)) {
                throw new ParameterProblem("multiport: option \"" + name + "\" can only be used once.");
            }
            String proto = checkProto(args);
            given.add(k);
            if (kind != null) return true; // refused by the final check (two of the three)
            kind = k;
            optionName = name;
            inverted = inv;
            parseList(list, proto);
            return true;
        }

        /** libxt_multiport's check_proto: the rule's -p so far must be one with ports, not inverted. */
        private static String checkProto(OptionValues rule) throws ParameterProblem {
            if (rule.protocolInverted()) {
                throw new ParameterProblem("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
            }
            int p = rule.protocol();
            return switch (p) {
                case 6 -> "tcp";
                case 17 -> "udp";
                case 136 -> "udplite";
                case 132 -> "sctp";
                case 33 -> "dccp";
                case 0 -> throw new ParameterProblem(
                        "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
                default -> throw new ParameterProblem("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP");
            };
        }

        /**
         * parse_multi_ports_v1: up to 15 ports, a range taking two of them; each port by
         * {@link Services#port} for the protocol; a range's low below its high.
         */
        private void parseList(String list, String proto) throws ParameterProblem {
            String rest = list;
            int slots = 0;
            while (rest != null && slots < 15) {
                int comma = rest.indexOf(',');
                String item = comma < 0 ? rest : rest.substring(0, comma);
                rest = comma < 0 ? null : rest.substring(comma + 1);
                int colon = item.indexOf(':');
                if (colon >= 0 && slots == 14) throw new ParameterProblem("too many ports specified");
                int low = Services.port(colon < 0 ? item : item.substring(0, colon), proto);
                slots++;
                if (colon < 0) {
                    ports.add(new PortRange(low, low, false));
                    continue;
                }
                int high = Services.port(item.substring(colon + 1), proto);
                slots++;
                if (low >= high) throw new ParameterProblem("invalid portrange specified");
                ports.add(new PortRange(low, high, false));
            }
            if (rest != null) throw new ParameterProblem("too many ports specified");
        }

        @Override public Match build() throws ParameterProblem {
            if (given.size() > 1) {
                // libxtables' final check names the two options in the extension's order
                List<String> names = new ArrayList<>();
                for (Kind k : given) {
                    names.add(switch (k) {
                        case SOURCE -> "--source-ports";
                        case DESTINATION -> "--destination-ports";
                        case EITHER -> "--ports";
                    });
                }
                throw new ParameterProblem("multiport: option \"" + names.get(0) + "\" cannot be used together with \""
                        + names.get(1) + "\".");
            }
            if (kind == null) throw new ParameterProblem("multiport expection an option"); // sic: libxt_multiport's wording
            return new MultiportMatch(kind, ports, inverted);
        }
    }
}
