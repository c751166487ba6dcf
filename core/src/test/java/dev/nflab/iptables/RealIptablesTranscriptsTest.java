package dev.nflab.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nflab.host.Host;
import dev.nflab.host.KernelFlavour;
import dev.nflab.kernel.Fate;
import dev.nflab.kernel.Kernel;
import dev.nflab.kernel.PacketResult;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Socket;
import dev.nflab.testing.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The engine's parts, one at a time, against real iptables 1.8.9 on a real kernel: the
 * transcripts lab/record-iptables.sh recorded in throw-away network namespaces (one file per back
 * end) are replayed command by command on the model, in a new ruleset per namespace, and every
 * command must print what the real one printed (stdout and stderr, exit status).
 * {@code extensions/}: each match and target's parsing, iptables' errors, -S and -L text, and its
 * matching. {@code engine/}: the chain traversal (jumps, gotos, RETURN, policies), conntrack
 * states, NAT bindings.
 *
 * <p>A transcript's {@code busybox ping -c N -s S -t TTL -q ADDRESS} is sent through the model's kernel
 * as the real one went: each echo request (ICMP id new per ping, as each ping is a new process)
 * out through OUTPUT and back in on lo, and, when it was delivered, the kernel's echo reply to it;
 * the exit status is busybox's (1 when no reply came back). Time passes as it did: busybox sends
 * every {@code -i} seconds (default 1) and, when a reply is missing after the last request, waits
 * 1 s more ({@code -W} when none came back; busybox's alarm); {@code sleep S} waits S seconds. The
 * few milliseconds each command takes are not known: the cases leave margins for them.
 * An {@code ipset} command runs on the namespace's sets ({@link Ipset}). A ping run by
 * {@code setpriv --reuid=U --regid=G --groups=G1,G2 ...} sends its requests from a socket of that
 * user (a plain one: root's); each echo reply comes from the kernel's ICMP socket (no file).
 * {@code bash -c 'echo x > /dev/udp/ADDRESS/PORT'} sends one datagram (2 bytes of payload) from
 * root's socket; delivered to a local port nobody listens on, it is answered by the kernel's ICMP
 * port unreachable.
 */
class RealIptablesTranscriptsTest {
    private static final Pattern PING =
            Pattern.compile("(?:setpriv --reuid=(?<uid>\\d+) --regid=(?<gid>\\d+) --groups=(?<groups>[0-9,]+)"
                    + " --inh-caps=\\+net_raw --ambient-caps=\\+net_raw )?busybox ping -c (\\d+)(?: -s (\\d+))?(?: -i ([0-9.]+))?(?: -t (\\d+))?(?: -W (\\d+))? -q (\\S+)");
    /** The addresses in a recent list, as its /proc file's first column shows them. */
    private static final Pattern RECENT_LIST = Pattern.compile("cat /proc/net/xt_recent/(\\S+) \\| cut -d' ' -f1( \\| sort)?");
    private static final Pattern DEV_UDP = Pattern.compile("bash -c 'echo x > /dev/udp/(\\S+)/(\\d+)'");
    private static final Pattern SLEEP = Pattern.compile("sleep ([0-9.]+)");
    private static final int LOOPBACK = Ipv4.parse("127.0.0.1");

    @TestFactory
    Stream<DynamicTest> everyCommandPrintsWhatIptablesPrinted() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String part : List.of("extensions", "engine")) {
            Path dir = Recorded.data().resolve("real-iptables-1.8.9").resolve(part);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                    String name = part + "/" + f.getFileName();
                    Dialect dialect = name.endsWith(".legacy.txt") ? Dialect.DEBIAN_12_LEGACY : Dialect.DEBIAN_12_NFT;
                    List<List<Step>> namespaces = parse(Recorded.read(f));
                    for (int i = 0; i < namespaces.size(); i++) {
                        List<Step> steps = namespaces.get(i);
                        tests.add(DynamicTest.dynamicTest(name + " namespace " + (i + 1), () -> replay(steps, dialect)));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** One recorded command and what it printed, "[exit N]" included. */
    record Step(String command, String output) {}

    static List<List<Step>> parse(String text) {
        List<List<Step>> namespaces = new ArrayList<>();
        List<Step> current = null;
        String command = null;
        StringBuilder output = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean starts = line.startsWith("## namespace ");
            if (starts || line.startsWith("$ ")) {
                if (command != null) current.add(new Step(command, output.toString()));
                command = null;
                output.setLength(0);
            }
            if (starts) {
                current = new ArrayList<>();
                namespaces.add(current);
            } else if (line.startsWith("$ ")) {
                command = line.substring(2);
            } else if (command != null) {
                output.append(line).append('\n');
            }
        }
        if (command != null) current.add(new Step(command, output.toString()));
        // The file's last line ends with a newline: the split left one empty line too many.
        List<Step> last = namespaces.get(namespaces.size() - 1);
        Step end = last.get(last.size() - 1);
        last.set(last.size() - 1, new Step(end.command(), end.output().substring(0, end.output().length() - 1)));
        return namespaces;
    }

    private static void replay(List<Step> steps, Dialect dialect) {
        Ruleset rules = new Ruleset(dialect);
        Kernel kernel = new Kernel(Host.withLoopback(KernelFlavour.LINUX_6_X), rules);
        Iptables iptables = new Iptables(rules);
        Ipset ipset = new Ipset(rules);
        int pings = 0;
        int datagrams = 0;
        for (Step s : steps) {
            Matcher ping = PING.matcher(s.command());
            Matcher sleep = SLEEP.matcher(s.command());
            String got;
            if (ping.matches()) {
                got = ping(kernel, ++pings, Integer.parseInt(ping.group(4)),
                        ping.group(5) == null ? 56 : Integer.parseInt(ping.group(5)),
                        nanos(ping.group(6) == null ? "1" : ping.group(6)),
                        ping.group(7) == null ? 64 : Integer.parseInt(ping.group(7)),
                        nanos(ping.group(8) == null ? "10" : ping.group(8)), Ipv4.parse(ping.group(9)), socket(ping));
            } else if (DEV_UDP.matcher(s.command()).matches()) {
                Matcher m = DEV_UDP.matcher(s.command());
                m.matches();
                Packet datagram = Packet.udp(LOOPBACK, 40000 + ++datagrams, Ipv4.parse(m.group(1)),
                        Integer.parseInt(m.group(2)), 30).withSocket(Socket.ROOT);
                PacketResult sent = kernel.send(datagram);
                if (sent.fate() == Fate.DELIVERED) {
                    Packet p = sent.packet();
                    kernel.send(Packet.icmpError(p.destination(), p.source(), 3, 3, p).withSocket(Socket.KERNEL));
                }
                got = "";
            } else if (sleep.matches()) {
                kernel.setClock(kernel.clock() + nanos(sleep.group(1)));
                got = "";
            } else if (s.command().startsWith("iptables-nft ") || s.command().startsWith("iptables-legacy ")) {
                Iptables.Result r = iptables.run("iptables" + s.command().substring(s.command().indexOf(' ')));
                got = r.stdout() + r.stderr() + (r.status() == 0 ? "" : "[exit " + r.status() + "]\n");
            } else if (s.command().equals("ls /proc/net/xt_recent")) {
                StringBuilder b = new StringBuilder();
                for (String n : rules.recentTables().names()) b.append(n).append('\n');
                got = b.toString();
            } else if (RECENT_LIST.matcher(s.command()).matches()) {
                Matcher m = RECENT_LIST.matcher(s.command());
                m.matches();
                // The kernel lists a list's entries in hash order: only one entry, or sorted.
                if (!rules.recentTables().names().contains(m.group(1))) throw new AssertionError("no list " + m.group(1));
                List<String> lines = new ArrayList<>();
                for (int a : rules.recentTables().table(m.group(1), 0).addresses()) lines.add("src=" + Ipv4.format(a));
                if (m.group(2) != null) lines.sort(null);
                else if (lines.size() > 1) throw new AssertionError("unsorted entries in hash order: add | sort");
                got = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
            } else if (s.command().startsWith("ipset ")) {
                Iptables.Result r = ipset.run(s.command());
                got = r.stdout() + r.stderr() + (r.status() == 0 ? "" : "[exit " + r.status() + "]\n");
            } else {
                throw new AssertionError("no model for the recorded command `" + s.command() + "'");
            }
            assertEquals(s.output(), got, s.command());
        }
    }

    /** The socket of a ping's requests: setpriv's user, or root's. */
    private static Socket socket(Matcher ping) {
        if (ping.group("uid") == null) return Socket.ROOT;
        List<Long> groups = new ArrayList<>();
        for (String g : ping.group("groups").split(",")) groups.add(Long.parseLong(g));
        return Socket.process(Long.parseLong(ping.group("uid")), Long.parseLong(ping.group("gid")), groups);
    }

    private static long nanos(String seconds) {
        return new java.math.BigDecimal(seconds).movePointRight(9).longValueExact();
    }

    /**
     * {@code count} echo requests of {@code size} data bytes every {@code interval} ns, and the
     * replies to those delivered; then busybox's wait when a reply is missing.
     */
    private static String ping(Kernel kernel, int id, int count, int size, long interval, int ttl, long timeout,
            int destination, Socket socket) {
        int length = size + 28; // ICMP and IP headers
        int replies = 0;
        for (int i = 0; i < count; i++) {
            if (i > 0) kernel.setClock(kernel.clock() + interval);
            PacketResult request = kernel.send(Packet.icmp(LOOPBACK, destination, 8, 0, id, length).withTtl(ttl)
                    .withSocket(socket));
            if (request.fate() != Fate.DELIVERED) continue;
            Packet delivered = request.packet();
            PacketResult reply = kernel.send(Packet.icmp(delivered.destination(), delivered.source(), 0, 0, id, length)
                    .withSocket(Socket.KERNEL));
            if (reply.fate() == Fate.DELIVERED) replies++;
        }
        if (replies < count) kernel.setClock(kernel.clock() + (replies > 0 ? 1_000_000_000L : timeout));
        return replies > 0 ? "" : "[exit 1]\n";
    }
}
