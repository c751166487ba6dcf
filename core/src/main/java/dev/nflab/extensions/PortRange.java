package dev.nflab.extensions;

/** A port or port range as {@code --dport 80} or {@code --dport 9000:9001} give it, maybe negated. */
record PortRange(int low, int high, boolean inverted) {

    /**
     * The tcp and sctp matches' {@code PORT}, {@code LOW:HIGH}, {@code :HIGH} or {@code LOW:}
     * (libxt_tcp's parse_tcp_ports): each port by {@link Services#port} for {@code protocol}.
     */
    static PortRange parse(String text, boolean inverted, String protocol) throws ParameterProblem {
        int colon = text.indexOf(':');
        if (colon < 0) {
            int p = Services.port(text, protocol);
            return new PortRange(p, p, inverted);
        }
        int low = colon == 0 ? 0 : Services.port(text.substring(0, colon), protocol);
        int high = colon == text.length() - 1 ? 65535 : Services.port(text.substring(colon + 1), protocol);
        if (low > high) throw new ParameterProblem("invalid portrange (min > max)");
        return new PortRange(low, high, inverted);
    }

    /**
     * The udp match's port or range (libxtables' XTTYPE_PORTRC): up to two ports split at
     * {@code :}, each by {@link Services#portByName} (an empty one is 0 first, 65535 second), with
     * no check of their order.
     */
    static PortRange parseByName(String text, boolean inverted) throws ParameterProblem {
        String[] parts = text.split(":", -1);
        int[] v = new int[2];
        int n = Math.min(parts.length, 2);
        for (int i = 0; i < n; i++) {
            if (parts[i].isEmpty()) {
                v[i] = i == 0 ? 0 : 65535;
            } else {
                v[i] = Services.portByName(parts[i]);
                if (v[i] < 0) throw new ParameterProblem("Port \"" + parts[i] + "\" does not resolve to anything.");
            }
        }
        if (n == 1) v[1] = v[0];
        return new PortRange(v[0], v[1], inverted);
    }

    public boolean contains(int port) {
        return (port >= low && port <= high) != inverted;
    }

    /** 0:65535, every port (iptables neither saves nor, unless inverted, lists it). */
    public boolean isFull() {
        return low == 0 && high == 65535;
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
