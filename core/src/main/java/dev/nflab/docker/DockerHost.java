package dev.nflab.docker;

import dev.nflab.host.Address;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.NetworkInterface;
import dev.nflab.host.Route;
import dev.nflab.iptables.Iptables;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Docker 20.10 daemon on a host: what {@code dockerd} and {@code docker} commands do to the
 * host's devices, addresses, routes and iptables rules. Two lines make a seed host:
 *
 * <pre>{@code
 * DockerHost docker = DockerHost.start(HostLayout.SEED_VM, DaemonOptions.DEFAULTS);
 * docker.run(RunOptions.named("nginx").publish("80:80"));
 * }</pre>
 *
 * Names Docker picks at random (network ids, veth names, MACs of bridges) are stable placeholders
 * here: {@code br-000000000001}, {@code veth0000001}, in order of creation.
 */
public final class DockerHost {
    private static final Pattern CONTAINER_NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final int FIRST_DYNAMIC_PORT = 32768;
    private static final int LAST_DYNAMIC_PORT = 60999;

    private final HostLayout layout;
    private final DaemonOptions options;
    private final Host host;
    private final Ruleset ruleset;
    private final Iptables iptables;
    private final DockerRules rules;
    private final Map<String, BridgeNetwork> networks = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    /** Published containers whose bindings real Docker may program in another order. */
    private final Map<String, OpenOrder> openOrders = new LinkedHashMap<>();
    private int networkCounter;
    private int containerCounter;
    private int vethCounter;
    private int pid = 1000;
    private int nextDynamicPort = FIRST_DYNAMIC_PORT;
    private final DockerChoices choices;
    private final java.util.Set<String> autoRemove = new java.util.HashSet<>();

    /** A socket a process listens on: docker-proxy for each published port (netstat -tlnp). */
    public record Listener(String protocol, int address, boolean ipv6, int port, int pid, String program) {}

    private DockerHost(HostLayout layout, DaemonOptions options, DockerChoices choices, Ruleset existing) {
        this.layout = layout;
        this.options = options;
        this.choices = choices;
        this.host = layout.newHost();
        this.ruleset = existing != null ? existing : new Ruleset(layout.dialect());
        this.iptables = new Iptables(ruleset);
        this.rules = new DockerRules(iptables);
    }

    /** The host with Docker installed and started: docker0, the daemon's chains and rules. */
    public static DockerHost start(HostLayout layout, DaemonOptions options) throws DockerException {
        return start(layout, options, DockerChoices.placeholders());
    }

    /**
     * The same with the values a real host picked at random supplied (see {@link DockerChoices}); the
     * host's own ruleset and devices can be prepared through {@code before} (counters, ifindexes).
     */
    public static DockerHost start(HostLayout layout, DaemonOptions options, DockerChoices choices)
            throws DockerException {
        return start(layout, options, choices, null);
    }

    /**
     * Docker started on a host whose rules already hold what other tools wrote before it (ufw enabled
     * at boot, before the daemon): Docker adds its chains and rules to them as it does to empty ones.
     */
    public static DockerHost start(HostLayout layout, DaemonOptions options, DockerChoices choices, Ruleset existing)
            throws DockerException {
        DockerHost d = new DockerHost(layout, options, choices, existing);
        d.startDaemon();
        return d;
    }

    /** The random choices still to be used: a caller can queue more (the next veth's name...). */
    public DockerChoices choices() { return choices; }

    /** The host before Docker: only what the layout has. */
    public static Host freshHost(HostLayout layout) {
        return layout.newHost();
    }

    public HostLayout layout() { return layout; }
    public DaemonOptions options() { return options; }
    public Host host() { return host; }
    public Ruleset ruleset() { return ruleset; }
    public Iptables iptables() { return iptables; }
    /** Every iptables command Docker ran, in order. */
    public List<String> iptablesLog() { return Collections.unmodifiableList(rules.log()); }
    public Map<String, BridgeNetwork> networks() { return Collections.unmodifiableMap(networks); }
    public Map<String, Container> containers() { return Collections.unmodifiableMap(containers); }
    public List<Listener> listeners() { return Collections.unmodifiableList(listeners); }
    /**
     * The published containers whose port bindings real Docker 20.10 may program in another order
     * than the model's ({@link BindingOrder}), with the rules each binding wrote.
     */
    public List<OpenOrder> openOrders() { return List.copyOf(openOrders.values()); }

    public BridgeNetwork network(String name) {
        return networks.get(name);
    }

    public Container container(String name) {
        return containers.get(name.startsWith("/") ? name.substring(1) : name);
    }

    private void startDaemon() throws DockerException {
        if (options.iptables()) rules.removeObsoleteJump();
        if (options.ipForward() && !host.ipForward()) {
            host.ipForward(true);
            if (options.iptables()) rules.forwardPolicyDrop();
        }
        if (options.iptables()) rules.daemonChains();
        host.bridgeNfCallIptables(true);
        Cidr subnet = Cidr.parse("172.17.0.0/16");
        int gateway = Ipv4.parse("172.17.0.1");
        if (options.bip() != null) {
            Cidr bip = Cidr.parse(options.bip());
            subnet = bip;
            gateway = Ipv4.parse(options.bip().substring(0, options.bip().indexOf('/')));
        }
        BridgeNetwork bridge = new BridgeNetwork("bridge", id(), "docker0", subnet, gateway, false, options.icc(),
                options.ipMasq(), options.defaultBindIp());
        addNetwork(bridge);
    }

    private String id() {
        ++networkCounter;
        if (!choices.networkIds.isEmpty()) return choices.networkIds.poll();
        return String.format("%064x", networkCounter + 0L).replace(' ', '0');
    }

    private void addNetwork(BridgeNetwork n) {
        if (!choices.bridgeIndexes.isEmpty()) {
            int index = choices.bridgeIndexes.poll();
            if (index > host.nextIndex()) host.reserveIndexes(index - host.nextIndex());
        }
        NetworkInterface br = host.addInterface(n.bridge(), InterfaceKind.BRIDGE);
        // Hairpin mode (no userland proxy): Docker lets 127.0.0.1 be routed through the bridge.
        br.routeLocalnet(!options.userlandProxy());
        String mac = choices.bridgeMacs.isEmpty() ? String.format("02:42:00:00:00:%02x", networkCounter & 0xff)
                : choices.bridgeMacs.poll();
        br.mac(mac).carrier(false).txqlen(0);
        host.addAddress(br, Address.inet(Ipv4.format(n.gateway()), n.subnet().prefixLength(), "global"));
        networks.put(n.name(), n);
        if (options.iptables()) {
            rules.addNetwork(n, options.userlandProxy());
            rules.userChain();
        }
    }

    // ---- docker network ------------------------------------------------------------------------------

    /** {@code docker network create [--subnet] [--gateway] [--internal] [-o K=V] NAME}. */
    public BridgeNetwork createNetwork(NetworkOptions o) throws DockerException {
        if (networks.containsKey(o.name())) {
            throw new DockerException("Error response from daemon: network with name " + o.name() + " already exists");
        }
        Cidr subnet;
        int gateway;
        if (o.subnet() != null) {
            subnet = Cidr.parse(o.subnet());
            for (BridgeNetwork other : networks.values()) {
                if (other.subnet().overlaps(subnet)) {
                    throw new DockerException("Error response from daemon: Pool overlaps with other one on this address space");
                }
            }
            gateway = o.gateway() != null ? Ipv4.parse(o.gateway()) : subnet.network() + 1;
            if (!subnet.contains(gateway)) {
                throw new DockerException("Error response from daemon: no matching subnet for gateway " + o.gateway());
            }
        } else {
            if (o.gateway() != null) {
                throw new DockerException("Error response from daemon: no matching subnet for gateway " + o.gateway());
            }
            subnet = pickPool();
            gateway = subnet.network() + 1;
        }
        String id = id();
        String bridge = o.bridgeName() != null ? o.bridgeName() : "br-" + id.substring(id.length() - 12);
        if (host.interfaceNamed(bridge) != null && o.bridgeName() != null) {
            throw new DockerException("Error response from daemon: bridge " + bridge + " already exists");
        }
        BridgeNetwork n = new BridgeNetwork(o.name(), id, bridge, subnet, gateway, o.internal(),
                o.icc() == null || o.icc(), o.masquerade() == null || o.masquerade(),
                o.hostBindIp() != 0 ? o.hostBindIp() : options.defaultBindIp());
        addNetwork(n);
        return n;
    }

    /**
     * The default address pools of Docker 20.10: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s,
     * skipping pools that overlap a network or a route the host already has.
     */
    private Cidr pickPool() throws DockerException {
        List<Cidr> pools = new ArrayList<>();
        for (int i = 17; i <= 31; i++) pools.add(Cidr.parse("172." + i + ".0.0/16"));
        for (int i = 0; i < 256; i += 16) pools.add(Cidr.parse("192.168." + i + ".0/20"));
        outer:
        for (Cidr pool : pools) {
            for (BridgeNetwork n : networks.values()) {
                if (n.subnet().overlaps(pool)) continue outer;
            }
            for (Route r : host.routes()) {
                if (r.table().equals("main") && !r.destination().isAny() && r.destination().overlaps(pool)) continue outer;
            }
            return pool;
        }
        throw new DockerException("Error response from daemon: could not find an available, non-overlapping IPv4 "
                + "address pool among the defaults to assign to the network");
    }

    /** {@code docker network rm NAME}. */
    public void removeNetwork(String name) throws DockerException {
        BridgeNetwork n = networks.get(name);
        if (n == null) throw new DockerException("Error: No such network: " + name);
        if (n.isDefault()) throw new DockerException("Error response from daemon: bridge is a pre-defined network and cannot be removed");
        for (Container c : containers.values()) {
            if (c.endpoints().containsKey(name)) {
                throw new DockerException("Error response from daemon: error while removing network: network " + name
                        + " id " + n.id() + " has active endpoints");
            }
        }
        if (options.iptables()) rules.removeNetwork(n, options.userlandProxy());
        host.removeInterface(n.bridge());
        networks.remove(name);
    }

    // ---- docker run / stop / start / rm ---------------------------------------------------------------

    /** {@code docker run -d [--name N] [--network NET] [--ip IP] [-p SPEC]... IMAGE}. */
    public Container run(RunOptions o) throws DockerException {
        String name = o.name();
        if (name == null) name = "container" + (containerCounter + 1);
        if (name.startsWith("/")) name = name.substring(1);
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw new DockerException("Error response from daemon: Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (containers.containsKey(name)) {
            throw new DockerException("Error response from daemon: Conflict. The container name \"/" + name
                    + "\" is already in use by container \"" + containers.get(name).id()
                    + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        String netName = o.network() == null ? "bridge" : o.network();
        if (netName.equals("host") || netName.equals("none")) {
            throw new DockerException("--network " + netName + " is not modelled by nflab (bridge networks only)");
        }
        BridgeNetwork net = networks.get(netName);
        if (net == null) throw new DockerException("Error response from daemon: network " + netName + " not found");
        if (o.ip() != 0 && net.isDefault()) {
            throw new DockerException("Error response from daemon: user specified IP address is supported on user "
                    + "defined networks only");
        }
        List<PortBinding> ports = new ArrayList<>();
        for (String spec : o.publish()) ports.addAll(PortBinding.parse(spec));
        String id = String.format("%064x", 0xc0ffee000L + (++containerCounter));
        if (!choices.containerIds.isEmpty()) id = choices.containerIds.poll();
        Container c = new Container(name, id, o.image(), ports, netName, o.ip());
        containers.put(name, c);
        // A container that fails to start stays created (as `docker ps -a` shows): it keeps its name.
        startContainer(c);
        return c;
    }

    /** {@code docker start NAME}. */
    public void start(String name) throws DockerException {
        Container c = require(name, "Error response from daemon: No such container: ");
        if (!c.running()) startContainer(c);
    }

    /** {@code docker stop NAME}: its endpoints go, with their addresses and published ports. */
    public void stop(String name) throws DockerException {
        Container c = require(name, "Error response from daemon: No such container: ");
        if (c.running()) stopContainer(c);
        if (autoRemove.remove(c.name())) containers.remove(c.name());
    }

    /** {@code docker run --rm}: the container goes away when it stops. */
    public void autoRemove(String name) {
        autoRemove.add(name.startsWith("/") ? name.substring(1) : name);
    }

    /** {@code docker rm [-f] NAME}. */
    public void remove(String name, boolean force) throws DockerException {
        Container c = require(name, "Error: No such container: ");
        if (c.running()) {
            if (!force) {
                throw new DockerException("Error response from daemon: You cannot remove a running container " + c.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            stopContainer(c);
        }
        containers.remove(c.name());
    }

    /** {@code docker network connect NET CTR}. */
    public void connect(String network, String name) throws DockerException {
        BridgeNetwork n = networks.get(network);
        if (n == null) throw new DockerException("Error response from daemon: network " + network + " not found");
        Container c = require(name, "Error response from daemon: No such container: ");
        if (c.endpoints().containsKey(network) || c.extraNetworks().contains(network)) {
            throw new DockerException("Error response from daemon: endpoint with name " + c.name()
                    + " already exists in network " + network);
        }
        c.extraNetworks().add(network);
        if (c.running()) {
            join(c, n, 0);
            settle(c);
        }
    }

    /** {@code docker network disconnect NET CTR}. */
    public void disconnect(String network, String name) throws DockerException {
        BridgeNetwork n = networks.get(network);
        if (n == null) throw new DockerException("Error response from daemon: network " + network + " not found");
        Container c = require(name, "Error response from daemon: No such container: ");
        if (!c.endpoints().containsKey(network) && !c.extraNetworks().contains(network)) {
            throw new DockerException("Error response from daemon: container " + c.id() + " is not connected to network "
                    + network);
        }
        if (c.running()) leave(c, network);
        c.extraNetworks().remove(network);
        if (network.equals(c.firstNetwork())) c.firstNetwork(null);
    }

    private Container require(String name, String message) throws DockerException {
        Container c = container(name);
        if (c == null) throw new DockerException(message + name);
        return c;
    }

    private void startContainer(Container c) throws DockerException {
        BridgeNetwork net = c.firstNetwork() == null ? null : networks.get(c.firstNetwork());
        if (c.firstNetwork() != null && net == null) {
            throw new DockerException("Error response from daemon: network " + c.firstNetwork() + " not found");
        }
        c.netnsId(host.allocateNetnsId());
        try {
            if (net != null) join(c, net, c.requestedIp());
            for (String extra : c.extraNetworks()) join(c, networks.get(extra), 0);
        } catch (DockerException e) {
            stopContainer(c);
            throw e;
        }
        c.running(true);
        settle(c);
    }

    private void stopContainer(Container c) {
        unpublish(c);
        for (String net : new ArrayList<>(c.endpoints().keySet())) detach(c, net);
        host.releaseNetnsId(c.netnsId());
        c.netnsId(-1);
        c.running(false);
    }

    /**
     * The endpoint that gives the container external connectivity (libnetwork's gateway endpoint):
     * among its endpoints on non-internal networks, the one whose network name sorts first.
     */
    private String gatewayNetwork(Container c) {
        String best = null;
        for (String net : c.endpoints().keySet()) {
            BridgeNetwork n = networks.get(net);
            if (n == null || n.internal()) continue;
            if (best == null || net.compareTo(best) < 0) best = net;
        }
        return best;
    }

    /** sbJoin: attach, then move the published ports if the joining endpoint became the gateway. */
    private void join(Container c, BridgeNetwork n, int requested) throws DockerException {
        String before = c.publishedOn();
        attach(c, n, requested);
        String after = gatewayNetwork(c);
        if (after != null && !after.equals(before) && after.equals(n.name())) {
            if (before != null) unpublish(c);
            try {
                publish(c, n);
            } catch (DockerException e) {
                detach(c, n.name());
                throw e;
            }
        }
    }

    /** sbLeave: revoke the ports if this was the gateway endpoint, detach, program the next gateway. */
    private void leave(Container c, String network) throws DockerException {
        boolean wasGateway = network.equals(c.publishedOn());
        if (wasGateway) unpublish(c);
        detach(c, network);
        if (wasGateway) {
            String next = gatewayNetwork(c);
            if (next != null) publish(c, networks.get(next));
        }
    }

    /** Creates the veth pair, puts the host side on the bridge, gives the container its address. */
    private void attach(Container c, BridgeNetwork n, int requested) throws DockerException {
        int address = n.allocate(requested);
        int peerIndex = host.nextIndex();
        host.reserveIndexes(1);
        ++vethCounter;
        String veth = choices.vethNames.isEmpty() ? String.format("veth%07x", vethCounter) : choices.vethNames.poll();
        String vethMac = choices.vethMacs.isEmpty()
                ? String.format("ea:ba:b9:00:%02x:%02x", (vethCounter >> 8) & 0xff, vethCounter & 0xff)
                : choices.vethMacs.poll();
        NetworkInterface port = host.addInterface(veth, InterfaceKind.VETH);
        port.master(n.bridge()).peer(peerIndex, c.netnsId()).mac(vethMac).txqlen(0);
        host.interfaceNamed(n.bridge()).carrier(true);
        String mac = String.format("02:42:%02x:%02x:%02x:%02x", (address >>> 24) & 0xff, (address >>> 16) & 0xff,
                (address >>> 8) & 0xff, address & 0xff);
        c.endpointsMutable().put(n.name(), new Container.Endpoint(n.name(), address, veth, port.index(), peerIndex, mac));
    }

    /**
     * After a successful start or connect: the kernel's link watch has seen the new carriers, and
     * IPv6 autoconfiguration gives each veth and its bridge a link-local address. A start that
     * fails is rolled back within milliseconds, before that (observed: no link-local on docker0
     * after a refused docker run).
     */
    private void settle(Container c) {
        for (Container.Endpoint e : c.endpoints().values()) {
            NetworkInterface port = host.interfaceNamed(e.veth());
            if (port == null) continue;
            linkLocal(port);
            if (port.master() != null) linkLocal(host.interfaceNamed(port.master()));
        }
    }

    /**
     * IPv6 autoconfiguration: a device that is up with carrier gets its link-local address
     * (fe80:: and the EUI-64 of its MAC); a bridge gets it once its first port gives it carrier.
     */
    private static void linkLocal(NetworkInterface dev) {
        if (!dev.isRunning()) return;
        for (Address a : dev.addresses()) {
            if (a.inet6() && a.text().startsWith("fe80:")) return;
        }
        dev.addAddress(Address.inet6(eui64LinkLocal(dev.mac()), 64, "link"));
    }

    /** fe80:: and the modified EUI-64 of a MAC (the universal/local bit flipped, ff:fe inserted). */
    public static String eui64LinkLocal(String mac) {
        String[] b = mac.split(":");
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) v[i] = Integer.parseInt(b[i], 16);
        v[0] ^= 0x02;
        int[] groups = {(v[0] << 8) | v[1], (v[2] << 8) | 0xff, 0xfe00 | v[3], (v[4] << 8) | v[5]};
        StringBuilder s = new StringBuilder("fe80:");
        for (int g : groups) s.append(':').append(Integer.toHexString(g));
        return s.toString();
    }

    private void detach(Container c, String network) {
        Container.Endpoint e = c.endpointsMutable().remove(network);
        if (e == null) return;
        BridgeNetwork n = networks.get(network);
        if (n != null) n.release(e.address());
        host.removeInterface(e.veth());
        if (n != null && host.portsOf(n.bridge()).isEmpty()) host.interfaceNamed(n.bridge()).carrier(false);
    }

    /**
     * Allocates host ports and programs each binding, in the order Docker 20.10 takes most often:
     * the bindings sorted by go-connections' nat.SortPortMap (host port descending, then container
     * port descending, tcp first) with Go's insertion sort ({@link BindingOrder}). When real Docker
     * may take another order, the container is listed in {@link #openOrders}.
     */
    private void publish(Container c, BridgeNetwork net) throws DockerException {
        if (c.ports().isEmpty()) return;
        if (net.internal()) return; // internal networks publish nothing
        BindingOrder orders = BindingOrder.of(c.ports());
        List<PortBinding> order = orders.usual();
        List<List<OpenOrder.RuleRef>> written = new ArrayList<>();
        List<Container.PortMapping> done = new ArrayList<>();
        int cip = c.endpoints().get(net.name()).address();
        for (PortBinding b : order) {
            int hostIp = b.hostIpGiven() ? b.hostIp() : net.hostBindIp();
            int hostPort = b.hostPort() != 0 ? b.hostPort() : dynamicPort(b.protocol(), hostIp);
            String clash = clash(b.protocol(), hostIp, hostPort);
            if (clash != null) {
                for (Container.PortMapping m : done) release(c, m);
                throw programmingFailed(c, clash);
            }
            Container.PortMapping m = new Container.PortMapping(b.protocol(), hostIp, hostPort, cip, b.containerPort(),
                    net.bridge());
            if (options.iptables()) {
                rules.addPort(m, options.userlandProxy());
                written.add(lastRules(DockerRules.portRules(m, options.userlandProxy())));
            }
            if (b.protocol().equals("sctp") && !layout.sctpSockets()) {
                // The portmapper writes the rules, then starts docker-proxy (or binds the port
                // itself without the proxy): with no SCTP sockets in the kernel that fails, and the
                // rules are deleted again (observed in the lab; the mangle table stays).
                if (options.iptables()) rules.removePort(m, options.userlandProxy());
                for (Container.PortMapping d : done) release(c, d);
                throw programmingFailed(c, (options.userlandProxy() ? "Error starting userland proxy: " : "")
                        + "protocol not supported");
            }
            done.add(m);
            c.mappingsMutable().add(m);
            if (options.userlandProxy()) {
                listeners.add(new Listener(b.protocol(), hostIp, false, hostPort, nextPid(), "docker-proxy"));
                if (hostIp == 0) listeners.add(new Listener(b.protocol(), 0, true, hostPort, nextPid(), "docker-proxy"));
            }
        }
        c.publishedOn(net.name());
        if (orders.open() && options.iptables()) {
            List<String> shown = new ArrayList<>();
            for (PortBinding b : order) shown.add(spec(b));
            List<List<Integer>> indexes = new ArrayList<>();
            for (List<PortBinding> o : orders.orders()) indexes.add(indexesIn(order, o));
            openOrders.put(c.name(), new OpenOrder(c.name(), shown, indexes, orders.complete(), written));
        }
    }

    /** The rule each of these (table, chain, rule) writes left last in its chain, as iptables-save prints it. */
    private List<OpenOrder.RuleRef> lastRules(List<String[]> written) {
        List<OpenOrder.RuleRef> refs = new ArrayList<>();
        for (String[] w : written) {
            var t = ruleset.existingTable(dev.nflab.netfilter.TableName.byName(w[0]));
            var chain = t == null ? null : t.chain(w[1]);
            if (chain == null || chain.size() == 0) continue;
            refs.add(new OpenOrder.RuleRef(w[0], w[1], chain.rule(chain.size() - 1).toSave()));
        }
        return refs;
    }

    /** Where each binding of {@code other} is in {@code base} (equal bindings taken in turn). */
    private static List<Integer> indexesIn(List<PortBinding> base, List<PortBinding> other) {
        boolean[] used = new boolean[base.size()];
        List<Integer> out = new ArrayList<>();
        for (PortBinding b : other) {
            for (int i = 0; i < base.size(); i++) {
                if (!used[i] && base.get(i).equals(b)) {
                    used[i] = true;
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    /** A binding as {@code -p} says it: {@code [IP:][HP]:CP/proto}, or {@code CP/proto}. */
    private static String spec(PortBinding b) {
        String hp = b.hostPort() == 0 ? "" : String.valueOf(b.hostPort());
        String head = b.hostIpGiven() ? Ipv4.format(b.hostIp()) + ":" + hp + ":" : hp.isEmpty() ? "" : hp + ":";
        return head + b.containerPort() + "/" + b.protocol();
    }

    private DockerException programmingFailed(Container c, String why) {
        return new DockerException("Error response from daemon: driver failed programming external connectivity on "
                + "endpoint " + c.name() + " (" + c.id() + "): " + why);
    }

    private int nextPid() {
        if (!choices.pids.isEmpty()) return pid = choices.pids.poll();
        return ++pid;
    }

    private void unpublish(Container c) {
        openOrders.remove(c.name());
        for (Container.PortMapping m : new ArrayList<>(c.mappingsMutable())) release(c, m);
        c.publishedOn(null);
    }

    private void release(Container c, Container.PortMapping m) {
        if (options.iptables()) rules.removePort(m, options.userlandProxy());
        listeners.removeIf(l -> l.protocol().equals(m.protocol()) && l.port() == m.hostPort()
                && (l.address() == m.hostIp() || l.ipv6()));
        c.mappingsMutable().remove(m);
    }

    private String clash(String proto, int ip, int port) {
        for (Container other : containers.values()) {
            for (Container.PortMapping m : other.mappings()) {
                if (!m.protocol().equals(proto) || m.hostPort() != port) continue;
                if (m.hostIp() == ip) {
                    return "Bind for " + Ipv4.format(ip) + ":" + port + " failed: port is already allocated";
                }
                if (m.hostIp() == 0 || ip == 0) {
                    if (options.userlandProxy()) {
                        return "Error starting userland proxy: listen " + proto + "4 " + Ipv4.format(ip) + ":" + port
                                + ": bind: address already in use";
                    }
                }
            }
        }
        return null;
    }

    private int dynamicPort(String proto, int ip) throws DockerException {
        for (int tries = 0; tries <= LAST_DYNAMIC_PORT - FIRST_DYNAMIC_PORT; tries++) {
            int p = nextDynamicPort;
            nextDynamicPort = p == LAST_DYNAMIC_PORT ? FIRST_DYNAMIC_PORT : p + 1;
            if (clash(proto, ip, p) == null) return p;
        }
        throw new DockerException("Error response from daemon: all ports are allocated");
    }
}
