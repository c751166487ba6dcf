package dev.nflab.netfilter;

/** A packet and byte counter, as every rule and every built-in chain's policy carries one. */
public final class Counter {
    private long packets;
    private long bytes;

    public Counter() {}

    public Counter(long packets, long bytes) {
        this.packets = packets;
        this.bytes = bytes;
    }

    /** Counts one packet of {@code length} bytes (the IP total length). */
    public void add(int length) {
        packets++;
        bytes += length;
    }

    public long packets() { return packets; }
    public long bytes() { return bytes; }

    public void set(long packets, long bytes) {
        this.packets = packets;
        this.bytes = bytes;
    }

    public void zero() {
        packets = 0;
        bytes = 0;
    }

    /** As iptables-save -c prints it: {@code [12:930]}. */
    @Override public String toString() {
        return "[" + packets + ":" + bytes + "]";
    }
}
