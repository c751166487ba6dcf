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
 */
public record TracedPacket(Packet packet, String inDevice, List<TraceEvent> events) {

    public boolean isLocal() {
        return inDevice == null;
    }
}
