package dev.nflab.packet;

import java.util.List;

/**
 * The local socket a packet was sent from (the skb's {@code sk}, as {@code sk_to_full_sk} gives
 * it), or its absence: what {@code -m owner} reads. A process's socket has a file whose
 * credentials (fsuid, fsgid, supplementary groups) are the owner's. The kernel's own control
 * sockets (ICMP's, which send echo replies and errors, REJECT's {@code icmp-*} ones included; TCP's,
 * which answer a closed port with a reset) exist but have no file. A forwarded packet has no
 * socket, nor does REJECT's {@code tcp-reset} (nor what a TIME_WAIT socket sends: the ACK of a
 * process that close()d first, which no lab process does). Recorded:
 * data/real-iptables-1.8.9/extensions/owner and lab/recorded/{nft,legacy}/owner-output.
 */
public record Socket(boolean hasFile, long uid, long gid, List<Long> groups) {
    /** A socket of the kernel's (ICMP's or TCP's control socket): it exists, with no file. */
    public static final Socket KERNEL = new Socket(false, -1, -1, List.of());

    public Socket {
        groups = List.copyOf(groups);
    }

    /** A process's socket, its file opened with these credentials. */
    public static Socket process(long uid, long gid, List<Long> groups) {
        return new Socket(true, uid, gid, groups);
    }

    /** A socket of a process running as root (uid 0, gid 0, no supplementary groups). */
    public static final Socket ROOT = process(0, 0, List.of());

    @Override public String toString() {
        return hasFile ? "socket of uid " + uid + " gid " + gid + (groups.isEmpty() ? "" : " groups " + groups)
                : "kernel socket (no file)";
    }
}
