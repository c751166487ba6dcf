package dev.nflab.extensions;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;

/**
 * The {@code tcp}, {@code udp} and {@code sctp} matches: source and destination port ranges, and
 * for tcp the flags ({@code --tcp-flags MASK COMP}, {@code --syn}). {@code -p tcp} loads tcp by
 * itself for {@code --dport}.
 */
final class PortMatch implements Match {
    static final MatchExtension TCP = new MatchExtension("tcp", () -> new Parser("tcp"));
    static final MatchExtension UDP = new MatchExtension("udp", () -> new Parser("udp"));
    static final MatchExtension SCTP = new MatchExtension("sctp", () -> new Parser("sctp"));

    private final String protocolName;
    private final PortRange sourcePorts;
    private final PortRange destinationPorts;
    private final int flagMask;
    private final int flagCompare;
    private final boolean flagsInverted;

    PortMatch(String protocolName, PortRange sourcePorts, PortRange destinationPorts,
                     int flagMask, int flagCompare, boolean flagsInverted) {
        this.protocolName = protocolName;
        this.sourcePorts = sourcePorts;
        this.destinationPorts = destinationPorts;
        this.flagMask = flagMask;
        this.flagCompare = flagCompare;
        this.flagsInverted = flagsInverted;
    }

    @Override public boolean matches(PacketContext ctx) {
        Packet p = ctx.packet();
        if (!p.hasPorts()) return false;
        if (sourcePorts != null && !sourcePorts.contains(p.sourcePort())) return false;
        if (destinationPorts != null && !destinationPorts.contains(p.destinationPort())) return false;
        if (flagMask != 0 || flagsInverted) {
            boolean hit = (p.tcpFlags() & flagMask) == flagCompare;
            if (hit == flagsInverted) return false;
        }
        return true;
    }

    /** xt_TCPMSS's find_syn_match: a tcp match whose --tcp-flags comparison has SYN, not inverted. */
    boolean requiresSyn() {
        return protocolName.equals("tcp") && (flagCompare & TcpFlags.SYN) != 0 && !flagsInverted;
    }

    @Override public int requiredDestinationPort() {
        return destinationPorts != null && destinationPorts.isSingle() ? destinationPorts.low() : -1;
    }

    @Override public String toSave() {
        StringBuilder b = new StringBuilder("-m ").append(protocolName);
        if (sourcePorts != null) {
            b.append(sourcePorts.inverted() ? " ! --sport " : " --sport ").append(sourcePorts.toSave());
        }
        if (destinationPorts != null) {
            b.append(destinationPorts.inverted() ? " ! --dport " : " --dport ").append(destinationPorts.toSave());
        }
        if (flagMask != 0 || flagsInverted) {
            b.append(flagsInverted ? " ! --tcp-flags " : " --tcp-flags ")
                    .append(TcpFlags.listString(flagMask)).append(' ').append(TcpFlags.listString(flagCompare));
        }
        return b.toString();
    }

    @Override public String toListing(Dialect dialect) {
        StringBuilder b = new StringBuilder(" ").append(protocolName);
        if (sourcePorts != null) b.append(' ').append(sourcePorts.toListing("spt"));
        if (destinationPorts != null) b.append(' ').append(destinationPorts.toListing("dpt"));
        if (flagMask != 0 || flagsInverted) {
            b.append(" flags:").append(flagsInverted ? "!" : "")
                    .append(String.format("0x%02X/0x%02X", flagMask, flagCompare));
        }
        return b.toString();
    }

    private static final class Parser implements OptionParser<Match> {
        private final String protocol;
        private PortRange sport, dport;
        private int mask, compare;
        private boolean flagsInverted, flagsSet;

        Parser(String protocol) { this.protocol = protocol; }

        @Override public boolean parse(String o, boolean inv, OptionValues args) throws ParameterProblem {
            switch (o) {
                case "--sport", "--source-port" -> sport = PortRange.parse(args.value(o), inv);
                case "--dport", "--destination-port" -> dport = PortRange.parse(args.value(o), inv);
                case "--tcp-flags" -> {
                    if (!protocol.equals("tcp")) return false;
                    try {
                        mask = TcpFlags.parseList(args.value(o));
                        compare = TcpFlags.parseList(args.value(o));
                    } catch (IllegalArgumentException e) {
                        throw new ParameterProblem(e.getMessage());
                    }
                    flagsInverted = inv;
                    flagsSet = true;
                }
                case "--syn" -> {
                    if (!protocol.equals("tcp")) return false;
                    mask = TcpFlags.FIN | TcpFlags.SYN | TcpFlags.RST | TcpFlags.ACK;
                    compare = TcpFlags.SYN;
                    flagsInverted = inv;
                    flagsSet = true;
                }
                default -> { return false; }
            }
            return true;
        }

        @Override public Match build() {
            return new PortMatch(protocol, sport, dport, flagsSet ? mask : 0, compare, flagsInverted);
        }
    }
}
