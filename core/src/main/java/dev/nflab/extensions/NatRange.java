package dev.nflab.extensions;

import dev.nflab.netfilter.NatRequest;
import dev.nflab.packet.Ipv4;

/**
 * An address and port range as {@code --to-destination}/{@code --to-source} take it:
 * {@code IP[-IP][:PORT[-PORT]]}; address 0 means "keep the address" (REDIRECT, MASQUERADE ports).
 * Ports are {@link NatRequest#NO_PORT} when none is given; port 0 is a port (iptables 1.8.9 takes
 * {@code 172.17.0.2:0}, which Docker 20.10 writes for {@code -p 0}).
 */
record NatRange(int addressLow, int addressHigh, int portLow, int portHigh) {

    static NatRange parse(String text) {
        String addr = text;
        int portLow = NatRequest.NO_PORT, portHigh = NatRequest.NO_PORT;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            addr = text.substring(0, colon);
            String ports = text.substring(colon + 1);
            int dash = ports.indexOf('-');
            try {
                portLow = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
                portHigh = dash < 0 ? portLow : Integer.parseInt(ports.substring(dash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Port `" + ports + "' not valid");
            }
            if (portLow < 0 || portHigh > 65535 || portLow > portHigh) {
                throw new IllegalArgumentException("Port `" + ports + "' not valid");
            }
        }
        int dash = addr.indexOf('-');
        int low = Ipv4.parse(dash < 0 ? addr : addr.substring(0, dash));
        int high = dash < 0 ? low : Ipv4.parse(addr.substring(dash + 1));
        return new NatRange(low, high, portLow, portHigh);
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder(Ipv4.format(addressLow));
        if (addressHigh != addressLow) b.append('-').append(Ipv4.format(addressHigh));
        if (portLow != NatRequest.NO_PORT) {
            b.append(':').append(portLow);
            if (portHigh != portLow) b.append('-').append(portHigh);
        }
        return b.toString();
    }
}
