package dev.nflab.docker;

import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import java.util.List;

/**
 * The dockerd flags that change the rules (formats.md section 1).
 *
 * @param bip {@code --bip}: docker0's address and prefix, or null for 172.17.0.1/16
 * @param defaultBindIp {@code --ip}: the host address published ports bind to by default
 */
public record DaemonOptions(boolean iptables, boolean icc, boolean userlandProxy, boolean ipMasq,
                            boolean ipForward, String bip, int defaultBindIp) {

    public static final DaemonOptions DEFAULTS = new DaemonOptions(true, true, true, true, true, null, 0);

    /** Parses a dockerd command line's flags (the words after {@code dockerd}). */
    public static DaemonOptions parse(List<String> flags) throws DockerException {
        boolean iptables = true, icc = true, proxy = true, masq = true, forward = true;
        String bip = null;
        int ip = 0;
        for (String f : flags) {
            String name = f, value = "true";
            int eq = f.indexOf('=');
            if (eq >= 0) {
                name = f.substring(0, eq);
                value = f.substring(eq + 1);
            }
            switch (name) {
                case "--iptables" -> iptables = bool(name, value);
                case "--icc" -> icc = bool(name, value);
                case "--userland-proxy" -> proxy = bool(name, value);
                case "--ip-masq" -> masq = bool(name, value);
                case "--ip-forward" -> forward = bool(name, value);
                case "--bip" -> {
                    if (eq < 0) throw new DockerException("flag needs an argument: --bip (write --bip=CIDR)");
                    try {
                        Cidr c = Cidr.parse(value);
                        if (value.indexOf('/') < 0) throw new IllegalArgumentException();
                        if (c.prefixLength() > 30) throw new IllegalArgumentException();
                    } catch (IllegalArgumentException e) {
                        throw new DockerException("invalid argument \"" + value + "\" for \"--bip\" flag: invalid CIDR address: " + value);
                    }
                    bip = value;
                }
                case "--ip" -> {
                    if (eq < 0) throw new DockerException("flag needs an argument: --ip (write --ip=ADDRESS)");
                    if (!Ipv4.isValid(value)) {
                        throw new DockerException("invalid argument \"" + value + "\" for \"--ip\" flag: invalid IP address");
                    }
                    ip = Ipv4.parse(value);
                }
                default -> throw new DockerException("unknown flag: " + name
                        + " (nflab models --iptables, --icc, --userland-proxy, --ip-masq, --ip-forward, --bip, --ip)");
            }
        }
        return new DaemonOptions(iptables, icc, proxy, masq, forward, bip, ip);
    }

    private static boolean bool(String flag, String value) throws DockerException {
        return switch (value) {
            case "true", "1", "t", "T", "TRUE", "True" -> true;
            case "false", "0", "f", "F", "FALSE", "False" -> false;
            default -> throw new DockerException("invalid argument \"" + value + "\" for \"" + flag
                    + "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
        };
    }
}
