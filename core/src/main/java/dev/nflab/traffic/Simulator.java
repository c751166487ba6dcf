package dev.nflab.traffic;

import dev.nflab.docker.BridgeNetwork;
import dev.nflab.docker.Container;
import dev.nflab.docker.DockerHost;
import dev.nflab.host.NetworkInterface;
import dev.nflab.kernel.Fate;
import dev.nflab.kernel.Kernel;
import dev.nflab.kernel.PacketResult;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import dev.nflab.packet.Socket;
import dev.nflab.packet.TcpFlags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clients and servers around a Docker host, exchanging packets through the model of its kernel.
 * A client's packet enters where the client is (eth0 for a peer, the container's veth, the local
 * stack for the host); the host's verdict and NAT decide who gets it; that endpoint answers the
 * packet as it arrived, as a real TCP/IP stack would. So the NAT, the conntrack states and the
 * counters all come from the model, never from the script of an exchange.
 */
public final class Simulator {
    /** Lengths of the packets a web request puts on the wire (IP total length). */
    public record WebShape(int synLength, int ackLength, int responseHeaderBytes, int bodyBytes) {
        /**
         * The lab's {@code web} image (busybox httpd serving "hello\n") answering nflab-net's
         * HTTP/1.0 request, as the lab's captures show it (lab/recorded/nft/container-to-container):
         * SYN and SYN/ACK of 60 bytes (TCP options), ACKs of 52 (timestamps), a response header
         * of 200 bytes and a body of 6.
         */
        public static final WebShape LAB_WEB = new WebShape(60, 52, 200, 6);
        /** The same server answering curl's HTTP/1.1 request: a 207-byte header (capture s1). */
        public static final WebShape CURL_HTTP11 = new WebShape(60, 52, 207, 6);
    }

    private final DockerHost docker;
    private final Kernel kernel;
    private final List<Transmission> log = new ArrayList<>();
    private final Map<String, Service> services = new HashMap<>();
    private final Set<Integer> peers = new HashSet<>();
    private WebShape shape = WebShape.LAB_WEB;
    private int nextPort = 40000;
    private int nextId = 1000;
    private int synAttempts = 2;
    private boolean optionalPackets = true;
    private boolean splitResponse = true;
    private boolean slowClose = false;

    /** What a server socket does with what it receives (the lab's servers, lab/SCENARIOS.md). */
    public sealed interface Service {
        /**
         * busybox httpd: answers a GET with a header of {@code headerBytes} (0: the shape's) and a
         * body of {@code bodyBytes}, then closes.
         */
        record Http(int headerBytes, int bodyBytes) implements Service {
            public Http(int bodyBytes) {
                this(0, bodyBytes);
            }
        }
        /** nflab-net tcp-sink: reads until the client closes, sends nothing, closes. */
        record Sink() implements Service {}
        /** nflab-net udp-echo: sends each datagram back. */
        record Echo() implements Service {}
    }

    /**
     * Which of the packets real TCP stacks may or may not send are sent: {@code optional} the
     * ACKs a delayed ACK can merge away, {@code splitResponse} busybox httpd's header and body
     * in two segments rather than one. Predictions run both extremes to bound what varies.
     */
    public void variant(boolean optional, boolean splitResponse) {
        variant(optional, splitResponse, false);
    }

    /**
     * As {@link #variant(boolean, boolean)}; {@code slowClose}: an HTTP client that closes only
     * after its delayed-ACK timer fired, so it acknowledges the server's FIN alone first (recorded
     * on a loaded 6.18 host: its FIN came 41 ms later). Off by default: a client that is not
     * starved of CPU closes at once and merges that ACK into its FIN.
     */
    public void variant(boolean optional, boolean splitResponse, boolean slowClose) {
        this.optionalPackets = optional;
        this.splitResponse = splitResponse;
        this.slowClose = slowClose;
    }

    public Simulator(DockerHost docker) {
        this.docker = docker;
        this.kernel = new Kernel(docker.host(), docker.ruleset());
        peers.add(Endpoint.PEER.address());
        peers.add(Endpoint.LAN.address());
    }

    public Kernel kernel() { return kernel; }
    public DockerHost docker() { return docker; }
    public List<Transmission> log() { return Collections.unmodifiableList(log); }

    public void shape(WebShape shape) { this.shape = shape; }

    /** Lets {@code nanos} pass on the kernel's clock before the next packet (a timer, a pause). */
    public void pause(long nanos) {
        kernel.setClock(kernel.clock() + nanos);
    }

    /** How many times a client sends a SYN that gets no answer (the first and its retransmissions). */
    public void synAttempts(int n) { this.synAttempts = n; }

    /** A server socket: {@code endpoint} runs {@code service} on {@code protocol} {@code port}. */
    public void serve(Endpoint endpoint, String protocol, int port, Service service) {
        services.put(key(endpoint, protocol, port), service);
    }

    /** A server socket (an HTTP server for tcp, an echo server for udp). */
    public void listen(Endpoint endpoint, String protocol, int port) {
        serve(endpoint, protocol, port, protocol.equals("udp") ? new Service.Echo() : new Service.Http(6));
    }

    /** The containers' default: the web image's busybox httpd on port 80 ("hello\n"). */
    private boolean containerDefaults = true;

    /** Containers do not run the web image's httpd unless {@link #serve} says so. */
    public void noContainerDefaults() {
        containerDefaults = false;
    }

    private static String key(Endpoint e, String protocol, int port) {
        return e + "/" + protocol + "/" + port;
    }

    private Service service(Endpoint e, String protocol, int port) {
        Service s = services.get(key(e, protocol, port));
        if (s == null && containerDefaults && e instanceof Endpoint.Container && protocol.equals("tcp") && port == 80) {
            return new Service.Http(6); // the web image's httpd
        }
        return s;
    }

    private boolean listens(Endpoint e, String protocol, int port) {
        return service(e, protocol, port) != null;
    }

    // ---- sending one packet ----------------------------------------------------------------------

    /** The address an endpoint sends from toward {@code destination}. */
    public int sourceAddress(Endpoint from, int destination) {
        if (from instanceof Endpoint.Peer p) return p.address();
        if (from instanceof Endpoint.Container c) return endpointOf(c, destination).address();
        return docker.host().route(destination).preferredSource();
    }

    private Container.Endpoint endpointOf(Endpoint.Container c, int destination) {
        Container ctr = docker.container(c.name());
        if (ctr == null || !ctr.running()) throw new IllegalArgumentException("no running container " + c.name());
        for (Container.Endpoint e : ctr.endpoints().values()) {
            BridgeNetwork n = docker.network(e.network());
            if (n != null && n.subnet().contains(destination)) return e;
        }
        return ctr.endpoints().get(ctr.firstNetwork());
    }

    /**
     * Puts a packet on the wire at the sender's place and follows it to whoever receives it. A
     * host process sends it from its socket (see {@link #fromKernel} for the kernel's own).
     */
    public Transmission transmit(Endpoint from, Packet p, boolean optional) {
        if (from instanceof Endpoint.Host h && p.socket() == null) p.withSocket(h.socket());
        return send(from, p, optional);
    }

    /**
     * A packet the host's kernel sends on its own when {@code from} is the host: from its ICMP or
     * TCP control socket ({@code socket} KERNEL: an echo reply, an ICMP error, a reset for a
     * closed port).
     */
    private Transmission fromKernel(Endpoint from, Packet p, Socket socket, boolean optional) {
        if (from instanceof Endpoint.Host) p.withSocket(socket);
        return send(from, p, optional);
    }

    private Transmission send(Endpoint from, Packet p, boolean optional) {
        Packet sent = p.copy();
        PacketResult r;
        if (from instanceof Endpoint.Peer) {
            r = kernel.receive(p, "eth0", true);
        } else if (from instanceof Endpoint.Container c) {
            r = kernel.receive(p, endpointOf(c, p.destination()).veth(), true);
        } else {
            r = kernel.send(p, true);
        }
        Transmission t = new Transmission(from, sent, r, receiver(r), optional);
        log.add(t);
        // Packets the rules made the host send (REJECT's errors) go out too; a reset sent straight
        // back out a bridge port meets no hook (the sender just gets it).
        if (!r.generatedDirect()) {
            // (their sockets are REJECT's: ICMP's for an error, none for a reset)
            for (Packet g : r.generated()) send(Endpoint.HOST, g, false);
        }
        return t;
    }

    private Endpoint receiver(PacketResult r) {
        if (r.fate() == Fate.DELIVERED) return Endpoint.HOST;
        if (r.fate() != Fate.SENT) return null;
        int dst = r.packet().destination();
        String out = r.outInterface();
        NetworkInterface dev = docker.host().interfaceNamed(out);
        if (dev == null) return null;
        if (out.equals("eth0")) return peers.contains(dst) ? new Endpoint.Peer(dst) : null;
        for (Container c : docker.containers().values()) {
            for (Container.Endpoint e : c.endpoints().values()) {
                BridgeNetwork n = docker.network(e.network());
                if (e.address() == dst && n != null && n.bridge().equals(out)) return new Endpoint.Container(c.name());
            }
        }
        return null;
    }

    private int id() {
        return nextId++ & 0xffff;
    }

    // ---- exchanges --------------------------------------------------------------------------------

    /** The outcome of an exchange: whether the client got its answer, and how. */
    public record Outcome(boolean answered, String how, Service service) {
        Outcome(boolean answered, String how) {
            this(answered, how, null);
        }
    }

    /**
     * An HTTP/1.0 GET ({@code nflab-net http}): handshake, request, response header and body,
     * the server closes, the client closes. A host-side docker-proxy relays it to the container
     * over a second connection. A SYN nobody answers is retransmitted once, as the lab's client
     * does within its 2 s connect timeout.
     */
    public Outcome http(Endpoint client, int server, int port, int requestBytes) {
        return connect(client, server, port, requestBytes, true);
    }

    /**
     * A {@code nflab-net tcp} connection: handshake, 6 bytes ("nflab\n"), the client's FIN, the
     * server's ACK and FIN (a tcp-sink closes once it read everything), the last ACK.
     */
    public Outcome tcp(Endpoint client, int server, int port) {
        return connect(client, server, port, 6, false);
    }

    private Outcome connect(Endpoint client, int server, int port, int payload, boolean http) {
        int src = sourceAddress(client, server);
        int sport = nextPort++;
        // Handshake: SYN (retransmitted while unanswered), SYN/ACK.
        Transmission syn = null;
        for (int attempt = 0; attempt < synAttempts; attempt++) {
            // The retransmission timer's first timeout is 1 s (TCP_TIMEOUT_INIT): time a limit sees.
            if (attempt > 0) pause(1_000_000_000L);
            syn = transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.SYN, shape.synLength())
                    .withId(id()), false);
            if (syn.receiver() != null) break;
            if (!syn.result().generated().isEmpty()) {
                return new Outcome(false, "rejected: the SYN was answered by the host's REJECT rule");
            }
        }
        Endpoint srv = syn.receiver();
        if (srv == null) return new Outcome(false, "no answer: the SYN was " + fateOf(syn));
        Packet arrived = syn.result().packet();
        boolean proxy = !listens(srv, "tcp", arrived.destinationPort()) && proxied(srv, arrived);
        if (!listens(srv, "tcp", arrived.destinationPort()) && !proxy) {
            fromKernel(srv, reply(arrived, TcpFlags.RST | TcpFlags.ACK, 40), Socket.KERNEL, false);
            return new Outcome(false, "connection refused by " + srv);
        }
        Transmission synAck = transmit(srv, reply(arrived, TcpFlags.SYN | TcpFlags.ACK, shape.synLength()), false);
        if (synAck.receiver() == null || !samePlace(synAck.receiver(), client)) {
            // The client never hears back: it sends its SYN again (each one answered by another
            // SYN/ACK), and the server's own timer resends the SYN/ACK (1 s, 3 s, ...) until the
            // client gives up: between none and three more of those, as timing allows.
            for (int attempt = 1; attempt < synAttempts; attempt++) {
                pause(1_000_000_000L);
                Transmission again = transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.SYN,
                        shape.synLength()).withId(id()), false);
                if (again.receiver() != null) {
                    transmit(srv, reply(again.result().packet(), TcpFlags.SYN | TcpFlags.ACK, shape.synLength()), false);
                }
            }
            if (optionalPackets) {
                // Kernels since 6.7 space a SYN's first retransmissions linearly (1 s apart,
                // net.ipv4.tcp_syn_linear_timeouts): one more SYN at about 2 s races the client's
                // 2 s timeout, and the server answers it (seen in docker-user-origdst on nf_tables).
                Transmission late = transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.SYN,
                        shape.synLength()).withId(id()), true);
                if (late.receiver() != null) {
                    transmit(srv, reply(late.result().packet(), TcpFlags.SYN | TcpFlags.ACK, shape.synLength()), true);
                }
                for (int timer = 0; timer < 3; timer++) {
                    transmit(srv, reply(arrived, TcpFlags.SYN | TcpFlags.ACK, shape.synLength()), true);
                }
            }
            return new Outcome(false, "the SYN/ACK was " + fateOf(synAck));
        }
        int ack = shape.ackLength();
        transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK, ack).withId(id()), false);
        transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK | TcpFlags.PSH, ack + payload)
                .withId(id()), false);
        Outcome inner = null;
        Service svc = service(srv, "tcp", arrived.destinationPort());
        if (proxy) {
            // docker-proxy: a second connection, from the host to the container, relays the bytes.
            Container.PortMapping m = mapping(arrived);
            inner = connect(Endpoint.HOST, m.containerIp(), m.containerPort(), payload, http);
            svc = inner.service();
        }
        if (http && svc instanceof Service.Http h) {
            int header = h.headerBytes() > 0 ? h.headerBytes() : shape.responseHeaderBytes();
            optional(srv, reply(arrived, TcpFlags.ACK, ack));
            if (splitResponse) {
                transmit(srv, reply(arrived, TcpFlags.ACK | TcpFlags.PSH, ack + header), false);
                optional(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK, ack).withId(id()));
                transmit(srv, reply(arrived, TcpFlags.ACK | TcpFlags.PSH, ack + h.bodyBytes()), false);
            } else {
                transmit(srv, reply(arrived, TcpFlags.ACK | TcpFlags.PSH, ack + header + h.bodyBytes()), false);
            }
            optional(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK, ack).withId(id()));
            transmit(srv, reply(arrived, TcpFlags.ACK | TcpFlags.FIN, ack), false);
            if (slowClose) transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK, ack).withId(id()), true);
            transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK | TcpFlags.FIN, ack).withId(id()), false);
            // a host server here is docker-proxy, which shuts its write side down before it
            // closes: this ACK leaves from its socket (with none now and then: SocketOwners)
            transmit(srv, reply(arrived, TcpFlags.ACK, ack), false);
        } else {
            // The client shuts its side down; the server reads to the end and closes too.
            transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK | TcpFlags.FIN, ack).withId(id()), false);
            optional(srv, reply(arrived, TcpFlags.ACK, ack));
            transmit(srv, reply(arrived, TcpFlags.ACK | TcpFlags.FIN, ack), false);
            transmit(client, Packet.tcp(src, sport, server, port, TcpFlags.ACK, ack).withId(id()), false);
        }
        if (inner != null && !inner.answered()) return new Outcome(false, "docker-proxy: " + inner.how(), svc);
        return new Outcome(true, "answered by " + srv + (inner != null ? " (docker-proxy relayed it)" : ""), svc);
    }

    /** A packet real stacks may merge away (a delayed ACK): sent only in the "all packets" variant. */
    private void optional(Endpoint from, Packet p) {
        if (optionalPackets) transmit(from, p, true);
    }

    /** One UDP datagram; an echo server answers it, a closed port answers ICMP port unreachable. */
    public Outcome udp(Endpoint client, int server, int port, int payloadBytes) {
        int src = sourceAddress(client, server);
        int sport = nextPort++;
        Transmission t = transmit(client, Packet.udp(src, sport, server, port, 28 + payloadBytes).withId(id()), false);
        Endpoint srv = t.receiver();
        if (srv == null) return new Outcome(false, "no answer: the datagram was " + fateOf(t));
        Packet arrived = t.result().packet();
        if (!listens(srv, "udp", arrived.destinationPort()) && proxied(srv, arrived)) {
            // docker-proxy for udp: the datagram goes on from the host to the container, and an
            // answer comes back the same way.
            Container.PortMapping m = mapping(arrived);
            Outcome inner = udp(Endpoint.HOST, m.containerIp(), m.containerPort(), payloadBytes);
            if (!inner.answered()) return new Outcome(false, "docker-proxy: " + inner.how());
            Transmission back = transmit(srv, Packet.udp(arrived.destination(), arrived.destinationPort(),
                    arrived.source(), arrived.sourcePort(), arrived.length()).withId(id()), false);
            return new Outcome(back.receiver() != null, "echoed through docker-proxy");
        }
        if (listens(srv, "udp", arrived.destinationPort())) {
            Packet answer = Packet.udp(arrived.destination(), arrived.destinationPort(), arrived.source(),
                    arrived.sourcePort(), arrived.length()).withId(id());
            Transmission back = transmit(srv, answer, false);
            return new Outcome(back.receiver() != null, "echoed by " + srv);
        }
        Packet error = Packet.icmpError(arrived.destination(), arrived.source(), 3, 3, arrived).withId(id());
        Transmission back = fromKernel(srv, error, Socket.KERNEL, false);
        return new Outcome(false, "port unreachable from " + srv + (back.receiver() == null ? " (the error was "
                + fateOf(back) + ")" : ""));
    }

    /** One ICMP echo request; whoever gets it answers with an echo reply. */
    public Outcome ping(Endpoint client, int server) {
        int src = sourceAddress(client, server);
        int icmpId = nextPort++;
        Transmission t = transmit(client, Packet.icmp(src, server, 8, 0, icmpId, 84).withId(id()), false);
        if (t.receiver() == null) return new Outcome(false, "no answer: the echo request was " + fateOf(t));
        Packet arrived = t.result().packet();
        Transmission back = fromKernel(t.receiver(), Packet.icmp(arrived.destination(), arrived.source(), 0, 0,
                arrived.icmpId(), arrived.length()).withId(id()), Socket.KERNEL, false);
        return new Outcome(back.receiver() != null, "echo reply from " + t.receiver());
    }

    /** Whether two endpoints are the same machine (host processes of any user are the host). */
    private static boolean samePlace(Endpoint a, Endpoint b) {
        return a.equals(b) || a instanceof Endpoint.Host && b instanceof Endpoint.Host;
    }

    private boolean proxied(Endpoint srv, Packet arrived) {
        return srv instanceof Endpoint.Host && docker.options().userlandProxy() && mapping(arrived) != null;
    }

    private Container.PortMapping mapping(Packet arrived) {
        for (Container c : docker.containers().values()) {
            for (Container.PortMapping m : c.mappings()) {
                if (m.protocol().equals(Protocol.name(arrived.protocol())) && m.hostPort() == arrived.destinationPort()
                        && (m.hostIp() == 0 || m.hostIp() == arrived.destination())) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The answer of the endpoint that received {@code arrived}: the same connection, reversed. */
    private Packet reply(Packet arrived, int flags, int length) {
        return Packet.tcp(arrived.destination(), arrived.destinationPort(), arrived.source(), arrived.sourcePort(),
                flags, length).withId(id());
    }

    private static String fateOf(Transmission t) {
        return switch (t.result().fate()) {
            case DROPPED -> "dropped in " + lastDrop(t);
            case NOT_ROUTED -> "not routed";
            case DELIVERED -> "delivered to the host, where nothing answers";
            case SENT -> "sent out " + t.result().outInterface() + " to " + Ipv4.format(t.result().packet().destination())
                    + ", where nothing answers";
        };
    }

    private static String lastDrop(Transmission t) {
        var steps = t.result().steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            var s = steps.get(i);
            if (s.kind() == dev.nflab.kernel.Step.Kind.RULE || s.kind() == dev.nflab.kernel.Step.Kind.POLICY) {
                return s.table().lowerName() + " " + s.chain() + (s.kind() == dev.nflab.kernel.Step.Kind.POLICY
                        ? " (policy " + s.verdict() + ")" : " rule " + s.ruleNumber());
            }
        }
        return "the kernel";
    }
}
