package dev.nflab.exercises.support;

import dev.nflab.docker.Container;
import dev.nflab.docker.DockerException;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.extensions.Extensions;
import dev.nflab.host.Address;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.KernelFlavour;
import dev.nflab.host.NetworkInterface;
import dev.nflab.host.Route;
import dev.nflab.host.RouteType;
import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.iptables.Tokenizer;
import dev.nflab.kernel.Kernel;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import dev.nflab.ufw.Ufw;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.nflab.kernel.Fate;

/**
 * The seed's host in the model: the walkthrough's VM (lo 127.0.0.1/8; eth0 172.31.37.164/20,
 * default via 172.31.32.1; docker0 172.17.0.1/16 with one veth port per container), forwarding on,
 * br_netfilter on, and the rules a real Docker 20.10 daemon wrote (a recorded fixture).
 *
 * <p>Until the Docker host model ({@code dev.nflab.docker}) is available, the rules come from the
 * recorded {@code iptables-save} files in {@code fixtures/docker-rules} (on the class path, from the
 * repository's data/real-docker-20.10/docker-rules) and the host is built here,
 * as the captures' hosts were laid out.
 */
public final class Lab {
    public static final String HOST = "172.31.37.164";
    public static final String GATEWAY = "172.31.32.1";
    /** Another machine on the host's LAN (the captures' "peer" second address). */
    public static final String LAN_CLIENT = "172.31.40.10";
    public static final String BRIDGE = "172.17.0.1";
    /** The first container (nginx in the seed, "web" in fixture 03). */
    public static final String WEB = "172.17.0.2";
    /** The second container ("cache" in fixture 03). */
    public static final String CACHE = "172.17.0.3";
    /** The first container's host-side veth (the seed's name). */
    public static final String WEB_VETH = "veth3ce1bed";
    public static final String CACHE_VETH = "veth7a51c0f";

    /** The recorded rule sets (real iptables-save of Docker 20.10.24). */
    public enum Fixture {
        /** {@code dockerd}, no container. */
        DAEMON_ONLY("01-daemon-only.expected"),
        /** The seed: {@code docker run -d --name nginx -p 80:80}. */
        SEED_NGINX("02-seed-nginx.expected"),
        /** {@code -p 8080:80} for web (172.17.0.2), {@code -p 127.0.0.1:6379:6379} for cache (172.17.0.3). */
        TWO_CONTAINERS("03-two-containers.expected");

        private final String file;

        Fixture(String file) {
            this.file = file;
        }

        public String text() {
            return resource("/fixtures/docker-rules/" + file);
        }
    }

    private final Host host;
    private final Ruleset rules;
    private final Kernel kernel;
    /** Container address to its host-side veth. */
    private final java.util.Map<Integer, String> veths = new java.util.HashMap<>();
    /** The matches and targets iptables loads here (a learner's own in place of the model's, say). */
    private final Extensions extensions;
    /** The Docker host, for a lab made by {@link #docker}; and ufw on it, once a ufw command ran. */
    private DockerHost docker;
    private Ufw ufw;
    private static java.nio.file.Path ufwData;
    /** The files of data/ufw-0.36.2 the ufw model reads. */
    private static final List<String> UFW_FILES = List.of("iptables/user.rules", "iptables/user6.rules",
            "iptables/before.rules", "iptables/after.rules", "etc-default/ufw", "etc-ufw/ufw.conf");

    private Lab(Host host, Ruleset rules) {
        this(host, rules, Extensions.standard());
    }

    private Lab(Host host, Ruleset rules, Extensions extensions) {
        this.host = host;
        this.rules = rules;
        this.kernel = new Kernel(host, rules);
        this.extensions = extensions;
    }

    /**
     * A host built by the Docker 20.10 model ({@code dev.nflab.docker}) from a script in the
     * {@code .docker} format (first line {@code dockerd [flags]}), on the lab's layout (the
     * captures' kernel and iptables). For the set-ups no recording covers (several networks,
     * {@code --userland-proxy=false}, {@code --icc=false}). {@code ufw} lines after {@code dockerd}
     * run the ufw model on the Docker host's rules, as the lab's scenarios do.
     */
    public static Lab docker(String script) {
        List<String> lines = script.lines().toList();
        int firstUfw = 0;
        while (firstUfw < lines.size() && !lines.get(firstUfw).strip().startsWith("ufw ")) firstUfw++;
        if (lines.subList(0, firstUfw).stream().noneMatch(l -> l.strip().startsWith("dockerd")) && firstUfw < lines.size()) {
            throw new IllegalArgumentException("Lab.docker: ufw lines before dockerd are not supported (only after it)");
        }
        try {
            // the Docker part through DockerScript; ufw here, because DockerScript finds ufw's pristine
            // files in a checkout, and the grader also runs where there is none (the Gradescope bundle)
            DockerHost d = DockerScript.run(String.join("\n", lines.subList(0, firstUfw)), "exercise.docker", HostLayout.LAB_NFT);
            Lab lab = new Lab(d.host(), d.ruleset());
            lab.docker = d;
            for (Container c : d.containers().values()) {
                for (Container.Endpoint e : c.endpoints().values()) lab.veths.put(e.address(), e.veth());
            }
            for (String line : lines.subList(firstUfw, lines.size())) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                if (l.startsWith("ufw ")) {
                    lab.ufw(l.substring(4));
                } else {
                    DockerScript.execute(d, Tokenizer.split(l));
                }
            }
            return lab;
        } catch (DockerScript.ScriptException | DockerException | IptablesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The seed after {@code docker run -p 80:80 nginx}, on a current kernel. */
    public static Lab seed() {
        return of(Fixture.SEED_NGINX, KernelFlavour.LINUX_6_X);
    }

    /**
     * The seed, its rules read (and later iptables commands run) with {@code extensions}: with a
     * learner's match registered under its real name, every rule that names it uses the learner's.
     */
    public static Lab seed(Extensions extensions) {
        return withRules(Fixture.SEED_NGINX.text(), Fixture.SEED_NGINX.name(), KernelFlavour.LINUX_6_X, extensions);
    }

    public static Lab of(Fixture fixture) {
        return of(fixture, KernelFlavour.LINUX_6_X);
    }

    public static Lab of(Fixture fixture, KernelFlavour flavour) {
        return withRules(fixture.text(), fixture.name(), flavour);
    }

    /** A lab with the given iptables-save text as its rules (nf_tables, as the fixtures were recorded). */
    public static Lab withRules(String saveText, String name, KernelFlavour flavour) {
        return withRules(saveText, name, flavour, Extensions.standard());
    }

    private static Lab withRules(String saveText, String name, KernelFlavour flavour, Extensions extensions) {
        try {
            Lab lab = new Lab(seedHost(flavour), IptablesSave.read(saveText, name, Dialect.DEBIAN_12_NFT, extensions),
                    extensions);
            lab.veths.put(Ipv4.parse(WEB), WEB_VETH);
            lab.veths.put(Ipv4.parse(CACHE), CACHE_VETH);
            return lab;
        } catch (IptablesException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** The walkthrough's VM with Docker's bridge and two containers' veth ports. */
    public static Host seedHost(KernelFlavour flavour) {
        Host host = Host.withLoopback(flavour);
        NetworkInterface eth0 = host.addInterface("eth0", InterfaceKind.ETHERNET).mtu(9001).mac("06:3d:47:e2:09:ba");
        host.addAddress(eth0, Address.inet(HOST, 20, "global"));
        host.addRoute(new Route(RouteType.UNICAST, Cidr.ANY, "eth0", Ipv4.parse(GATEWAY), "dhcp", "global",
                Ipv4.parse(HOST), 100, "main"));
        NetworkInterface docker0 = host.addInterface("docker0", InterfaceKind.BRIDGE).mac("02:42:55:24:1f:ed");
        host.addAddress(docker0, Address.inet(BRIDGE, 16, "global"));
        host.addInterface(WEB_VETH, InterfaceKind.VETH).master("docker0").peer(21, 1);
        host.addInterface(CACHE_VETH, InterfaceKind.VETH).master("docker0").peer(23, 2);
        host.ipForward(true);
        host.bridgeNfCallIptables(true);
        return host;
    }

    /**
     * The host and the rules (before the traffic) of a recorded snapshot ({@link Captures}); its
     * containers are the bridge ports, 172.17.0.2 for the first.
     */
    public static Lab capture(String name) {
        try {
            dev.nflab.snapshot.Snapshot s = Captures.open(name);
            Lab lab = new Lab(s.host(), s.beforeRules());
            int ip = Ipv4.parse(WEB);
            for (NetworkInterface port : lab.host.portsOf("docker0")) lab.veths.put(ip++, port.name());
            return lab;
        } catch (IptablesException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Host host() { return host; }
    public Ruleset rules() { return rules; }
    public Kernel kernel() { return kernel; }

    /**
     * Runs {@code ufw ARGS} (the words after {@code ufw}) on this Docker host, as ufw 0.36 would; a
     * refused command is an error with ufw's words. Only for a host made by {@link #docker}.
     */
    public String ufw(String args) {
        if (docker == null) throw new IllegalStateException("ufw runs on a host made by Lab.docker");
        List<String> words;
        try {
            words = Tokenizer.split(args);
        } catch (IptablesException e) {
            throw new IllegalArgumentException("`ufw " + args + "`: " + e.getMessage());
        }
        if (ufw == null) ufw = Ufw.pristine(ufwData()).attach(docker.iptables());
        Ufw.Result r = ufw.run(words);
        if (r.status() != 0) {
            throw new IllegalArgumentException("`ufw " + args + "` was refused: " + r.output().strip());
        }
        return r.output();
    }

    /** ufw's pristine files ({@code DATA/ufw-0.36.2}, on the class path as /ufw-data/), extracted once per JVM. */
    static synchronized java.nio.file.Path ufwData() {
        if (ufwData != null) return ufwData;
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("nflab-ufw-data");
            dir.toFile().deleteOnExit();
            for (String f : UFW_FILES) {
                java.nio.file.Path target = dir.resolve("ufw-0.36.2").resolve(f);
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.writeString(target, resource("/ufw-data/ufw-0.36.2/" + f));
                target.toFile().deleteOnExit();
            }
            ufwData = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an iptables command on this host's rules; a refused command is an error with iptables' words. */
    public Lab iptables(String command) {
        Iptables.Result r = new Iptables(rules, extensions).run(command);
        if (r.status() != 0) {
            throw new IllegalArgumentException("`" + command + "` was refused: " + (r.stderr() + r.stdout()).strip());
        }
        return this;
    }

    /** {@code iptables -t TABLE -L -n -v --line-numbers}, as the walkthrough lists. */
    public String listing(String table) {
        return new Iptables(rules, extensions).run("-t " + table + " -L -n -v --line-numbers").stdout();
    }

    // ---- packets ------------------------------------------------------------------------------

    /** A packet arriving on {@code device} (eth0, a container's veth, lo). */
    public Trip arrive(String device, Packet p) {
        Packet sent = p.copy();
        return new Trip(sent, kernel.receive(p, device, true));
    }

    /** A packet a process on the host sends. */
    public Trip send(Packet p) {
        Packet sent = p.copy();
        return new Trip(sent, kernel.send(p, true));
    }

    /** From the LAN (arrives on eth0). */
    public Trip fromLan(Packet p) { return arrive("eth0", p); }

    /** From the container with address {@code p.source()} (arrives on its veth). */
    public Trip fromContainer(Packet p) {
        String veth = veths.get(p.source());
        if (veth == null) throw new IllegalArgumentException("no container has the address " + Ipv4.format(p.source()));
        return arrive(veth, p);
    }

    /**
     * A small HTTP exchange, packet by packet, as curl and busybox httpd make it: a LAN client's
     * handshake, request, response and close (10 packets, 5 each way). The server's packets come
     * from wherever the client's SYN was sent (its address after DNAT) and arrive on that
     * container's veth. Stops early if the SYN does not reach a container.
     */
    public List<Trip> httpFromLan(String client, int sport, String dst, int dport) {
        List<Trip> trips = new ArrayList<>();
        Trip first = fromLan(syn(client, sport, dst, dport));
        trips.add(first);
        if (first.fate() != Fate.SENT || !veths.containsKey(first.out().destination())) return trips;
        String server = Ipv4.format(first.out().destination());
        int sp = first.out().destinationPort();
        int psh = TcpFlags.PSH | TcpFlags.ACK;
        int fin = TcpFlags.FIN | TcpFlags.ACK;
        trips.add(fromContainer(synAck(server, sp, client, sport)));
        trips.add(fromLan(ack(client, sport, dst, dport, 52)));
        trips.add(fromLan(tcp(client, sport, dst, dport, psh, 129)));
        trips.add(fromContainer(ack(server, sp, client, sport, 52)));
        trips.add(fromContainer(tcp(server, sp, client, sport, psh, 291)));
        trips.add(fromLan(ack(client, sport, dst, dport, 52)));
        trips.add(fromContainer(tcp(server, sp, client, sport, fin, 52)));
        trips.add(fromLan(tcp(client, sport, dst, dport, fin, 52)));
        trips.add(fromContainer(ack(server, sp, client, sport, 52)));
        return trips;
    }

    public static Packet syn(String src, int sport, String dst, int dport) {
        return Packet.tcp(Ipv4.parse(src), sport, Ipv4.parse(dst), dport, TcpFlags.SYN, 60);
    }

    public static Packet synAck(String src, int sport, String dst, int dport) {
        return Packet.tcp(Ipv4.parse(src), sport, Ipv4.parse(dst), dport, TcpFlags.SYN | TcpFlags.ACK, 60);
    }

    public static Packet ack(String src, int sport, String dst, int dport, int length) {
        return Packet.tcp(Ipv4.parse(src), sport, Ipv4.parse(dst), dport, TcpFlags.ACK, length);
    }

    public static Packet tcp(String src, int sport, String dst, int dport, int flags, int length) {
        return Packet.tcp(Ipv4.parse(src), sport, Ipv4.parse(dst), dport, flags, length);
    }

    public static Packet udp(String src, int sport, String dst, int dport, int length) {
        return Packet.udp(Ipv4.parse(src), sport, Ipv4.parse(dst), dport, length);
    }

    public static Packet ping(String src, String dst) {
        return Packet.icmp(Ipv4.parse(src), Ipv4.parse(dst), 8, 0, 1, 84);
    }

    static String resource(String path) {
        try (InputStream in = Lab.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
