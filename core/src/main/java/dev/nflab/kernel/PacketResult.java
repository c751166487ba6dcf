package dev.nflab.kernel;

import dev.nflab.packet.Packet;
import java.util.List;

/**
 * What the kernel did with one packet: its fate, the interface it left by, the packet as it left
 * (after NAT), the packets the rules made the host send (REJECT; {@code generatedDirect}: sent straight
 * back out the bridge port, past every hook), and, when recorded, every step.
 */
public record PacketResult(Fate fate, String outInterface, Packet packet, List<Packet> generated,
                           boolean generatedDirect, List<Step> steps) {
}
