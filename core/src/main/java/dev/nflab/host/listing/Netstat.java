package dev.nflab.host.listing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code netstat -tlnp} (net-tools): the listening TCP sockets, IPv4 ones first (/proc/net/tcp),
 * then IPv6 ones (/proc/net/tcp6). Within each, the kernel lists listeners by the bucket of the
 * listening hash, {@code (port + net_hash_mix) & 31} (5.x: 32 buckets), and in a bucket the most
 * recently bound first. {@code hashMix} is the namespace's random mix, an input.
 */
public final class Netstat {
    private Netstat() {}

    /**
     * A listening socket and its process: {@code program} is the process's first command-line
     * word (/proc/PID/cmdline up to the first NUL), as netstat reads it.
     */
    public record Socket(boolean ipv6, String address, int port, int pid, String program) {}

    public static String tlnp(List<Socket> sockets, int hashMix) {
        StringBuilder b = new StringBuilder("Active Internet connections (only servers)\n");
        b.append(String.format("%-5s %-6s %-6s %-23s %-23s %-11s %-20s", "Proto", "Recv-Q", "Send-Q",
                "Local Address", "Foreign Address", "State", "PID/Program name")).append('\n');
        for (boolean v6 : new boolean[] {false, true}) {
            List<Socket> list = new ArrayList<>();
            for (int i = sockets.size() - 1; i >= 0; i--) {
                if (sockets.get(i).ipv6() == v6) list.add(sockets.get(i)); // newest first within a bucket
            }
            list.sort(Comparator.comparingInt(s -> (s.port() + hashMix) & 31));
            for (Socket s : list) {
                String local = s.address() + ":" + s.port();
                String foreign = v6 ? ":::*" : "0.0.0.0:*";
                String proc = s.pid() + "/" + programName(s.program());
                if (proc.length() > 19) proc = proc.substring(0, 19);
                b.append(String.format("%-5s %6d %6d %-23s %-23s %-11s %-20s", v6 ? "tcp6" : "tcp", 0, 0, local,
                        foreign, "LISTEN", proc)).append('\n');
            }
        }
        return b.toString();
    }

    /** net-tools: an absolute path is cut to its last component; a title (sshd's) is kept as it is. */
    static String programName(String cmdline) {
        return cmdline.startsWith("/") ? cmdline.substring(cmdline.lastIndexOf('/') + 1) : cmdline;
    }
}
