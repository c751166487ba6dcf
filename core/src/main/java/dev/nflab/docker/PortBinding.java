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
     * Parses a {@code -p} value as Docker does ({@code CP}, {@code HP:CP}, {@code IP:HP:CP},
     * {@code IP::CP}, {@code HP1-HP2:CP1-CP2}, each with an optional {@code /tcp|/udp|/sctp}).
     */
    public static List<PortBinding> parse(String spec) throws DockerException {
        String proto = "tcp";
        String rest = spec;
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            rest = spec.substring(0, slash);
            if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
                throw new DockerException("invalid proto: " + spec.substring(slash + 1));
            }
        }
        String ip = "", hostPart = "", containerPart;
        String[] parts = rest.split(":", -1);
        switch (parts.length) {
            case 1 -> containerPart = parts[0];
            case 2 -> {
                hostPart = parts[0];
                containerPart = parts[1];
            }
            case 3 -> {
                ip = parts[0];
                hostPart = parts[1];
                containerPart = parts[2];
            }
            default -> throw new DockerException("invalid port format: " + spec
                    + " (expected [IP:][HOST_PORT:]CONTAINER_PORT[/PROTO])");
        }
        if (!ip.isEmpty() && !Ipv4.isValid(ip)) throw new DockerException("invalid IP address: " + ip);
        if (containerPart.isEmpty()) throw new DockerException("no port specified: " + spec + "<empty>");
        int[] cp = range(containerPart, "containerPort");
        int[] hp = hostPart.isEmpty() ? null : range(hostPart, "hostPort");
        int count = cp[1] - cp[0] + 1;
        if (hp != null && hp[1] - hp[0] + 1 != count && !(hp[1] > hp[0] && count == 1)) {
            throw new DockerException("invalid ranges specified for container and host Ports: " + containerPart
                    + " and " + hostPart);
        }
        List<PortBinding> out = new ArrayList<>();
        int ipValue = ip.isEmpty() ? 0 : Ipv4.parse(ip);
        for (int i = 0; i < count; i++) {
            int host = hp == null ? 0 : hp[0] + i;
            out.add(new PortBinding(proto, ipValue, !ip.isEmpty(), host, cp[0] + i));
        }
        return out;
    }

    private static int[] range(String text, String what) throws DockerException {
        int dash = text.indexOf('-');
        try {
            int lo = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int hi = dash < 0 ? lo : Integer.parseInt(text.substring(dash + 1));
            if (lo < 1 || hi > 65535 || lo > hi) throw new NumberFormatException();
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new DockerException("invalid " + what + ": " + text);
        }
    }
}
