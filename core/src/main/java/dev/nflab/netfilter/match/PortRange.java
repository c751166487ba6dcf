package dev.nflab.netfilter.match;

/** A port or port range as {@code --dport 80} or {@code --dport 9000:9001} give it, maybe negated. */
public record PortRange(int low, int high, boolean inverted) {

    public boolean contains(int port) {
        return (port >= low && port <= high) != inverted;
    }

    public boolean isSingle() {
        return low == high && !inverted;
    }

    /** As iptables-save prints it: {@code 80} or {@code 9000:9001}. */
    public String toSave() {
        return low == high ? String.valueOf(low) : low + ":" + high;
    }

    /** As {@code -L} prints it after the name: {@code dpt:80}, {@code dpts:9000:9001}, {@code dpt:!80}. */
    public String toListing(String name) {
        String bang = inverted ? "!" : "";
        return low == high ? name + ":" + bang + low : name + "s:" + bang + low + ":" + high;
    }
}
