package dev.nflab.bench;

import dev.nflab.conntrack.Connection;
import dev.nflab.conntrack.ConntrackTable;
import dev.nflab.docker.Container;
import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerException;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.kernel.Kernel;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Table;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import java.util.function.IntConsumer;

/**
 * The benchmark's workloads: whole TCP connections (handshake, request, response, close: 12
 * packets, as the captures show) from many outside clients to published ports of a Docker host,
 * through the full model (conntrack, NAT, every table), on one thread.
 */
public final class Workloads {
    private static final int HOST = Ipv4.parse("172.31.37.164");

    private Workloads() {}

    /** A Docker host and a way to run one client connection on it. */
    public record Setup(String name, DockerHost docker, Kernel kernel, int ports, int rules) {}

    /** The seed's host: nginx published on port 80. */
    public static Setup seed() throws DockerException {
        DockerHost d = DockerHost.start(HostLayout.LAB_NFT, DaemonOptions.DEFAULTS);
        d.run(RunOptions.named("nginx").publish("80:80"));
        return setup("seed-ruleset", d, 1);
    }

    /** A host with {@code ports} published ports (100 per container), about 3 rules each. */
    public static Setup manyPorts(int ports, IntConsumer progress) throws DockerException {
        DockerHost d = DockerHost.start(HostLayout.LAB_NFT, DaemonOptions.DEFAULTS);
        int containers = (ports + 99) / 100;
        for (int c = 0; c < containers; c++) {
            int first = 10000 + c * 100;
            int last = Math.min(first + 99, 10000 + ports - 1);
            d.run(RunOptions.named("web" + c).publish(first + "-" + last + ":" + first + "-" + last));
            progress.accept(last - 10000 + 1);
        }
        return setup(ports + "-published-ports", d, ports);
    }

    private static Setup setup(String name, DockerHost d, int ports) {
        int rules = 0;
        for (Table t : d.ruleset().tables()) {
            for (Chain c : t.chains()) rules += c.size();
        }
        return new Setup(name, d, new Kernel(d.host(), d.ruleset()), ports, rules);
    }

    /**
     * Runs connection {@code n}: a client address and port derived from n, to published port
     * {@code 10000 + n % ports} (or 80 for the seed). Returns the packets sent (12).
     */
    public static int connection(Setup s, int n) {
        int client = Ipv4.parse("172.31.40.0") + 10 + (n % 200);
        int sport = 1024 + (n / 200) % 60000;
        int port = s.ports() == 1 ? 80 : 10000 + n % s.ports();
        Container c = s.ports() == 1 ? s.docker().container("nginx") : s.docker().container("web" + ((port - 10000) / 100));
        int cip = c.address();
        String veth = c.endpoints().values().iterator().next().veth();
        Kernel k = s.kernel();
        // 1,000 connections a second of model time: closed connections time out of conntrack
        // (TIME_WAIT: 120 s), so the table holds about 120,000 entries, as on a busy real host.
        if (n % 1000 == 0) k.conntrack().advance(1);
        int a = TcpFlags.ACK;
        k.receive(Packet.tcp(client, sport, HOST, port, TcpFlags.SYN, 60), "eth0");
        k.receive(Packet.tcp(cip, port, client, sport, TcpFlags.SYN | a, 60), veth);
        k.receive(Packet.tcp(client, sport, HOST, port, a, 52), "eth0");
        k.receive(Packet.tcp(client, sport, HOST, port, a | TcpFlags.PSH, 90), "eth0");
        k.receive(Packet.tcp(cip, port, client, sport, a, 52), veth);
        k.receive(Packet.tcp(cip, port, client, sport, a | TcpFlags.PSH, 259), veth);
        k.receive(Packet.tcp(client, sport, HOST, port, a, 52), "eth0");
        k.receive(Packet.tcp(cip, port, client, sport, a | TcpFlags.PSH, 58), veth);
        k.receive(Packet.tcp(client, sport, HOST, port, a, 52), "eth0");
        k.receive(Packet.tcp(cip, port, client, sport, a | TcpFlags.FIN, 52), veth);
        k.receive(Packet.tcp(client, sport, HOST, port, a | TcpFlags.FIN, 52), "eth0");
        k.receive(Packet.tcp(cip, port, client, sport, a, 52), veth);
        return 12;
    }

    /**
     * Heap bytes per tracked connection: confirms {@code count} connections in a conntrack table
     * and measures the heap before and after (after a GC each time).
     */
    public static double bytesPerConnection(int count) {
        Runtime rt = Runtime.getRuntime();
        long before = usedAfterGc(rt);
        ConntrackTable table = new ConntrackTable();
        for (int i = 0; i < count; i++) {
            Connection c = new Connection(6, 0x0a000000 + i, HOST, 1024 + (i & 0x7fff), 80);
            table.confirm(c);
        }
        long after = usedAfterGc(rt);
        if (table.size() != count) throw new AssertionError("table lost connections");
        return (double) (after - before) / count;
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
