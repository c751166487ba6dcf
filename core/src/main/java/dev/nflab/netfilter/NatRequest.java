package dev.nflab.netfilter;

/**
 * A translation a NAT target asks for: source (SNAT, MASQUERADE) or destination (DNAT, REDIRECT),
 * to an address range and a port range (ports 0 to 0 keep the original port when they can).
 */
public record NatRequest(boolean source, int addressLow, int addressHigh, int portLow, int portHigh) {

    public boolean hasPorts() {
        return portLow != 0 || portHigh != 0;
    }
}
