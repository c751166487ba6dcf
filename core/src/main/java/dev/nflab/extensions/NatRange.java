package dev.nflab.extensions;

import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Protocol;

/**
 * An address and port range as {@code --to-destination}/{@code --to-source} take it:
 * {@code [IP[-IP]][:PORT[-PORT]]}; address 0 means "keep the address" (REDIRECT, MASQUERADE
 * ports). {@code hasPorts} is NF_NAT_RANGE_PROTO_SPECIFIED: a port was given (0 included).
 */
record NatRange(int addressLow, int addressHigh, boolean hasAddress, int portLow, int portHigh, boolean hasPorts) {

    /**
     * libxt_NAT's parse_to: the ports first (after {@code Need TCP, UDP, SCTP or DCCP with port
     * specification} when the rule's {@code -p} so far allows none), then the addresses.
     */
    static NatRange parse(String text, OptionValues rule) throws ParameterProblem {
        String addr = text;
        int[] ports = null;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            checkPortsAllowed(rule);
            ports = ports(text.substring(colon + 1));
            addr = text.substring(0, colon);
            if (addr.isEmpty()) return new NatRange(0, 0, false, ports[0], ports[1], true);
        }
        int dash = addr.indexOf('-');
        int low = address(dash < 0 ? addr : addr.substring(0, dash), text);
        int high = dash < 0 ? low : address(addr.substring(dash + 1), text);
        return ports == null ? new NatRange(low, high, true, 0, 0, false)
                : new NatRange(low, high, true, ports[0], ports[1], true);
    }

    private static int address(String text, String whole) throws ParameterProblem {
        if (!Ipv4.isValid(text)) throw new ParameterProblem("Bad IP address \"" + text + "\"");
        return Ipv4.parse(text);
    }

    /**
     * The NAT targets take ports only for a rule whose {@code -p} (so far, inverted or not) is tcp,
     * udp, sctp, dccp or icmp.
     */
    static void checkPortsAllowed(OptionValues rule) throws ParameterProblem {
        int p = rule.protocol();
        if (p != Protocol.TCP && p != Protocol.UDP && p != Protocol.SCTP && p != 33 && p != Protocol.ICMP) {
            throw new ParameterProblem("Need TCP, UDP, SCTP or DCCP with port specification");
        }
    }

    /**
     * libxt_NAT's parse_ports: {@code PORT} or {@code PORT-PORT}, each a number (base 0) or, for
     * the first, a service name of any protocol; {low, high}.
     */
    static int[] ports(String text) throws ParameterProblem {
        long[] n = Services.strtoui(text, 65535, false);
        int port;
        int end;
        if (n == null) {
            port = Services.lookup(text, null);
            if (port < 0) throw new ParameterProblem("Port `" + text + "' not valid");
            end = text.length();
        } else {
            port = (int) n[0];
            end = (int) n[1];
        }
        if (end == text.length()) return new int[] {port, port};
        char c = text.charAt(end);
        String rest = text.substring(end + 1);
        if (c == ':') throw new ParameterProblem("Invalid port:port syntax - use dash");
        if (c == '-') {
            long[] m = Services.strtoui(rest, 65535, true);
            if (m != null && m[0] >= port) return new int[] {port, (int) m[0]};
        }
        throw new ParameterProblem("Port range `" + rest + "' funky");
    }

    /** {@code 80} or {@code 80-90}. */
    static String portText(int low, int high) {
        return low == high ? String.valueOf(low) : low + "-" + high;
    }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        if (hasAddress) {
            b.append(Ipv4.format(addressLow));
            if (addressHigh != addressLow) b.append('-').append(Ipv4.format(addressHigh));
        }
        if (hasPorts) b.append(':').append(portText(portLow, portHigh));
        return b.toString();
    }
}
