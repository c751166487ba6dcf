package dev.nflab.netfilter;

/**
 * A translation a NAT target asks for: source (SNAT, MASQUERADE) or destination (DNAT, REDIRECT),
 * to an address range and a port range (ports 0 to 0 keep the original port when they can).
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

    public boolean hasPorts() {
        return portLow != 0 || portHigh != 0;
    }
}
