package dev.nflab.netfilter;

/**
 * A translation a NAT target asks for: source (SNAT, MASQUERADE) or destination (DNAT, REDIRECT),
 * to an address range and a port range ({@link #NO_PORT} when the rule gave none: the original
 * port is kept when it can be; a rule may give port 0, which the kernel then writes).
 */
public record NatRequest(boolean source, int addressLow, int addressHigh, int portLow, int portHigh,
        String randomPort) {

    /** A translation whose port the kernel picks the usual way (the original one when it is free). */
    public NatRequest(boolean source, int addressLow, int addressHigh, int portLow, int portHigh) {
        this(source, addressLow, addressHigh, portLow, portHigh, null);
    }

    /**
     * The target's option ({@code --random}, {@code --random-fully}) that makes the kernel choose the
     * port at random, or null: the model still keeps the original port when it is free, and says
     * the real port may be another.
     */
    public String randomPort() {
        return randomPort;
    }

    /** No port range given. */
    public static final int NO_PORT = -1;

    public boolean hasPorts() {
        return portLow != NO_PORT;
    }
}
