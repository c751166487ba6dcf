package dev.nflab.conntrack;

import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Protocol;

/**
 * A conntrack tuple: what identifies one direction of a connection. For ICMP the "ports" are
 * the echo id (source) and the type and code (destination: {@code type << 8 | code}).
 */
public record Tuple(int source, int destination, int protocol, int sourcePort, int destinationPort) {

    /** The same connection seen from the other end (ICMP echo request 8 answers with reply 0). */
    public Tuple invert() {
        if (protocol == Protocol.ICMP) {
            int type = destinationPort >>> 8;
            int replyType = switch (type) {
                case 8 -> 0; case 0 -> 8; case 13 -> 14; case 14 -> 13;
                case 15 -> 16; case 16 -> 15; case 17 -> 18; case 18 -> 17;
                default -> type;
            };
            return new Tuple(destination, source, protocol, sourcePort, (replyType << 8) | (destinationPort & 0xff));
        }
        return new Tuple(destination, source, protocol, destinationPort, sourcePort);
    }

    public Tuple withSource(int address, int port) {
        return new Tuple(address, destination, protocol, protocol == Protocol.ICMP ? sourcePort : port, destinationPort);
    }

    public Tuple withDestination(int address, int port) {
        return new Tuple(source, address, protocol, sourcePort, protocol == Protocol.ICMP ? destinationPort : port);
    }

    /** As {@code conntrack -L} prints it: {@code src=A dst=B sport=P dport=Q}. */
    public String toListing() {
        StringBuilder b = new StringBuilder();
        b.append("src=").append(Ipv4.format(source)).append(" dst=").append(Ipv4.format(destination));
        if (protocol == Protocol.ICMP) {
            b.append(" type=").append(destinationPort >>> 8).append(" code=").append(destinationPort & 0xff)
                    .append(" id=").append(sourcePort);
        } else if (Protocol.hasPorts(protocol)) {
            b.append(" sport=").append(sourcePort).append(" dport=").append(destinationPort);
        }
        return b.toString();
    }
}
