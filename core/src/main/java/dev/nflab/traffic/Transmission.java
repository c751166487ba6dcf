package dev.nflab.traffic;

import dev.nflab.kernel.PacketResult;
import dev.nflab.packet.Packet;

/**
 * One packet put on the wire by an endpoint, what the host did with it, and who got it.
 *
 * @param packet the packet as sent (before the host touched it)
 * @param receiver who received it, or null if nobody did (dropped, or for the Internet)
 * @param optional whether real TCP stacks may leave this packet out or merge it (a delayed ACK)
 */
public record Transmission(Endpoint sender, Packet packet, PacketResult result, Endpoint receiver,
                           boolean optional) {}
