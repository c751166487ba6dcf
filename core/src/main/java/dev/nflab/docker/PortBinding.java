package dev.nflab.docker;

import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code -p} binding after Docker expanded ranges: a container port, and the host address and
 * port (0: Docker picks one) it is published on.
 */
public record PortBinding(String protocol, int hostIp, boolean hostIpGiven, int hostPort, int containerPort) {

    /**
     * Parses a {@code -p} value as the docker CLI does (go-connections nat.ParsePortSpec):
     * {@code CP}, {@code HP:CP}, {@code IP:HP:CP}, {@code IP::CP}, {@code HP1-HP2:CP1-CP2}, each
     * with an optional {@code /tcp|/udp|/sctp}; errors in its words ("Invalid containerPort: x").
     */
    public static List<PortBinding> parse(String spec) throws DockerException {
        String[] parts = spec.split(":", -1);
        int n = parts.length;
        String rawIp = "", hostPart = "", containerPart = parts[n - 1];
        if (n == 2) {
            hostPart = parts[0];
        } else if (n >= 3) {
            rawIp = String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2));
            hostPart = parts[n - 2];
        }
        // SplitProtoPort: "80/udp" -> udp, "80" or "80/" -> tcp; an empty port has no protocol.
        String proto;
        String[] pp = containerPart.split("/", -1);
        if (containerPart.isEmpty() || pp[0].isEmpty()) {
            proto = "";
            containerPart = "";
        } else if (pp.length == 1 || pp[1].isEmpty()) {
            proto = "tcp";
            containerPart = pp[0];
        } else {
            proto = pp[1];
            containerPart = pp[0];
        }
        String ip = rawIp;
        if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.substring(1, ip.length() - 1);
        else if (ip.indexOf(':') >= 0) {
            throw new DockerException("Invalid ip address " + rawIp + ": address " + rawIp + ":: too many colons in address");
        }
        if (!ip.isEmpty() && !Ipv4.isValid(ip)) {
            if (ip.indexOf(':') >= 0) throw new DockerException("IPv6 host addresses are not modelled by nflab: " + ip);
            throw new DockerException("Invalid ip address: " + ip);
        }
        if (containerPart.isEmpty()) throw new DockerException("No port specified: " + spec + "<empty>");
        int[] cp = range(containerPart);
        if (cp == null) throw new DockerException("Invalid containerPort: " + containerPart);
        int[] hp = null;
        if (!hostPart.isEmpty()) {
            hp = range(hostPart);
            if (hp == null) throw new DockerException("Invalid hostPort: " + hostPart);
        }
        int count = cp[1] - cp[0] + 1;
        if (hp != null && hp[1] - hp[0] + 1 != count && count != 1) {
            throw new DockerException("Invalid ranges specified for container and host Ports: " + containerPart
                    + " and " + hostPart);
        }
        String p = proto.toLowerCase(Locale.ROOT);
        if (!p.equals("tcp") && !p.equals("udp") && !p.equals("sctp")) throw new DockerException("Invalid proto: " + proto);
        List<PortBinding> out = new ArrayList<>();
        int ipValue = ip.isEmpty() ? 0 : Ipv4.parse(ip);
        for (int i = 0; i < count; i++) {
            // A single container port with a host range: the range is where Docker allocates (its first port here).
            int host = hp == null ? 0 : hp[0] + (hp[1] - hp[0] + 1 == count ? i : 0);
            out.add(new PortBinding(p, ipValue, !ip.isEmpty(), host, cp[0] + i));
        }
        return out;
    }

    /** nat.ParsePortRange: "N" or "N-M", each a 16-bit number, M >= N; null if not. */
    private static int[] range(String text) {
        int dash = text.indexOf('-');
        try {
            int lo = port(dash < 0 ? text : text.substring(0, dash));
            int hi = dash < 0 ? lo : port(text.substring(dash + 1).split("-")[0]);
            if (hi < lo) return null;
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int port(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) throw new NumberFormatException(s);
        int v = Integer.parseInt(s.length() > 6 ? "999999" : s);
        if (v > 65535) throw new NumberFormatException(s);
        return v;
    }
}
