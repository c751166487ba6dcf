package dev.nflab.netfilter;

/**
 * A translation a NAT target asks for: source (SNAT, MASQUERADE) or destination (DNAT, REDIRECT),
 * to an address range and a port range ({@link #NO_PORT} when the rule gave none: the original
 * port is kept when it can be; a rule may give port 0, which the kernel then writes).
 */
public record NatRequest(boolean source, int addressLow, int addressHigh, int portLow, int portHigh) {

    /** No port range given. */
    public static final int NO_PORT = -1;

    public boolean hasPorts() {
        return portLow != NO_PORT;
    }
}
