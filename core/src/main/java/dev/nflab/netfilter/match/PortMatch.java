package dev.nflab.netfilter.match;

import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;

/**
 * The {@code tcp}, {@code udp} and {@code sctp} matches: source and destination port ranges, and
 * for tcp the flags ({@code --tcp-flags MASK COMP}, {@code --syn}).
 */
public final class PortMatch implements Match {
    private final String protocolName;
    private final PortRange sourcePorts;
    private final PortRange destinationPorts;
    private final int flagMask;
    private final int flagCompare;
    private final boolean flagsInverted;

    public PortMatch(String protocolName, PortRange sourcePorts, PortRange destinationPorts,
                     int flagMask, int flagCompare, boolean flagsInverted) {
        this.protocolName = protocolName;
        this.sourcePorts = sourcePorts;
        this.destinationPorts = destinationPorts;
        this.flagMask = flagMask;
        this.flagCompare = flagCompare;
        this.flagsInverted = flagsInverted;
    }

    public String protocolName() { return protocolName; }
    public PortRange sourcePorts() { return sourcePorts; }
    public PortRange destinationPorts() { return destinationPorts; }

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
}
