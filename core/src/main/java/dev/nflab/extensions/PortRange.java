package dev.nflab.extensions;

/** A port or port range as {@code --dport 80} or {@code --dport 9000:9001} give it, maybe negated. */
record PortRange(int low, int high, boolean inverted) {

    /** {@code PORT}, {@code LOW:HIGH}, {@code :HIGH} or {@code LOW:}, ports by number or service name. */
    static PortRange parse(String text, boolean inverted) throws ParameterProblem {
        int colon = text.indexOf(':');
        if (colon < 0) {
            int p = Services.port(text);
            return new PortRange(p, p, inverted);
        }
        int low = colon == 0 ? 0 : Services.port(text.substring(0, colon));
        int high = colon == text.length() - 1 ? 65535 : Services.port(text.substring(colon + 1));
        if (low > high) throw new ParameterProblem("invalid portrange (min > max) specified");
        return new PortRange(low, high, inverted);
    }

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
