package dev.nflab.netfilter;

/**
 * {@code -j QUEUE}: the standard verdict NF_QUEUE, which hands the packet to queue 0 for a user-space
 * program (nfnetlink_queue). The model's host runs no such program, and a packet queued where
 * nobody listens is dropped (no {@code --queue-bypass} for plain QUEUE), so it does what DROP does.
 * iptables-legacy takes it in every table and chain; iptables-nft writes it as a jump to a chain
 * named QUEUE, which the kernel does not find (ENOENT) unless one was made.
 */
public final class QueueTarget implements Target {
    public static final QueueTarget QUEUE = new QueueTarget();

    private QueueTarget() {}

    @Override public Verdict apply(PacketContext packet) {
        return Verdict.DROP;
    }

    @Override public String name() {
        return "QUEUE";
    }

    @Override public String toSave() {
        return "-j QUEUE";
    }
}
