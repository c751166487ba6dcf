package dev.nflab.trace;

import dev.nflab.packet.Packet;
import java.util.List;

/**
 * A packet as a recorded trace first shows it (as it entered the host), where it entered, and the
 * steps the kernel reported for it.
 *
 * @param inDevice the device it arrived on (the bridge port when the trace names it), or null for
 *     a packet the host itself sent
 * @param events every reported step, over all the hooks it passed (loopback included)
 * @param outDevice for a packet the host sent, the device the trace shows it leaving by
 *     ({@code OUT=}), or null
 */
public record TracedPacket(Packet packet, String inDevice, List<TraceEvent> events, String outDevice) {

    public TracedPacket(Packet packet, String inDevice, List<TraceEvent> events) {
        this(packet, inDevice, events, null);
    }

    public boolean isLocal() {
        return inDevice == null;
    }
}
