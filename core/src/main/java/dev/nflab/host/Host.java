package dev.nflab.host;

import dev.nflab.packet.Cidr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Linux host's network state: its devices, addresses, routing tables {@code main} and
 * {@code local}, and the sysctls that change packet paths. Adding an address derives the routes the
 * kernel adds for it (the {@code local} and {@code broadcast} entries in table local, the prefix
 * route in main), so {@code --dst-type LOCAL} and the routing decision follow the addresses.
 */
public final class Host {
    private final Map<String, NetworkInterface> interfaces = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final KernelFlavour flavour;
    private boolean ipForward;
    private boolean bridgeNfCallIptables;
    private int nextIndex = 1;
    private final java.util.BitSet netnsIds = new java.util.BitSet();

    public Host(KernelFlavour flavour) {
        this.flavour = flavour;
    }

    /** A host with only the loopback device, 127.0.0.1/8 on it. */
    public static Host withLoopback(KernelFlavour flavour) {
        Host host = new Host(flavour);
        NetworkInterface lo = host.addInterface("lo", InterfaceKind.LOOPBACK);
        host.addAddress(lo, Address.inet("127.0.0.1", 8, "host"));
        host.addAddress(lo, Address.inet6("::1", 128, "host"));
        return host;
    }

    public KernelFlavour flavour() { return flavour; }

    // ---- devices ---------------------------------------------------------------------------

    public NetworkInterface addInterface(String name, InterfaceKind kind) {
        return addInterface(nextIndex, name, kind);
    }

    public NetworkInterface addInterface(int index, String name, InterfaceKind kind) {
        if (interfaces.containsKey(name)) {
            throw new IllegalArgumentException("device \"" + name + "\" already exists");
        }
        NetworkInterface dev = new NetworkInterface(index, name, kind);
        interfaces.put(name, dev);
        compiled = null;
        nextIndex = Math.max(nextIndex, index + 1);
        return dev;
    }

    /** Removes a device with its addresses and every route through it. */
    public void removeInterface(String name) {
        NetworkInterface dev = interfaces.remove(name);
        if (dev == null) throw new IllegalArgumentException("Cannot find device \"" + name + "\"");
        routes.removeIf(r -> r.device().equals(name));
        compiled = null;
    }

    /** Skips ifindexes, as devices created and deleted elsewhere (a container's) use them up. */
    public void reserveIndexes(int count) {
        nextIndex += count;
    }

    public int nextIndex() { return nextIndex; }

    public NetworkInterface interfaceNamed(String name) {
        return interfaces.get(name);
    }

    public List<NetworkInterface> interfaces() {
        List<NetworkInterface> list = new ArrayList<>(interfaces.values());
        list.sort(Comparator.comparingInt(NetworkInterface::index));
        return Collections.unmodifiableList(list);
    }

    /** The bridge ports of {@code bridge}, in index order. */
    public List<NetworkInterface> portsOf(String bridge) {
        List<NetworkInterface> ports = new ArrayList<>();
        for (NetworkInterface dev : interfaces()) {
            if (bridge.equals(dev.master())) ports.add(dev);
        }
        return ports;
    }

    // ---- addresses and the routes the kernel derives from them --------------------------------

    /**
     * Adds an address as {@code ip address add} does, with the routes the kernel derives: a
     * {@code local} route for the address, {@code broadcast} routes, and the prefix route
     * ({@code proto kernel scope link}) in main; for loopback the prefix route is {@code local}.
     */
    public void addAddress(NetworkInterface dev, Address address) {
        compiled = null;
        dev.addAddress(address);
        if (address.inet6()) return;
        int ip = address.ipv4();
        Cidr prefix = address.prefix();
        routes.add(new Route(RouteType.LOCAL, Cidr.host(ip), dev.name(), 0, "kernel", "host", ip, -1, "local"));
        if (address.hasBroadcast()) {
            routes.add(new Route(RouteType.BROADCAST, Cidr.host(prefix.broadcast()), dev.name(), 0, "kernel",
                    "link", ip, -1, "local"));
            if (flavour.networkBroadcastRoutes()) {
                routes.add(new Route(RouteType.BROADCAST, Cidr.host(prefix.network()), dev.name(), 0, "kernel",
                        "link", ip, -1, "local"));
            }
        }
        if (address.prefixLength() < 32) {
            if (dev.kind() == InterfaceKind.LOOPBACK) {
                routes.add(new Route(RouteType.LOCAL, prefix, dev.name(), 0, "kernel", "host", ip, -1, "local"));
            } else {
                routes.add(new Route(RouteType.UNICAST, prefix, dev.name(), 0, "kernel", "link", ip, -1, "main"));
            }
        }
    }

    /** Removes an address and the routes derived from it. */
    public void removeAddress(NetworkInterface dev, Address address) {
        compiled = null;
        dev.removeAddress(address);
        if (address.inet6()) return;
        int ip = address.ipv4();
        routes.removeIf(r -> r.device().equals(dev.name()) && "kernel".equals(r.protocol())
                && r.preferredSource() == ip);
    }

    public void addRoute(Route route) {
        routes.add(route);
        compiled = null;
    }

    /** Every route, of every table, in insertion order. */
    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** One table's routes in the order {@code ip route show table T} prints them. */
    public List<Route> table(String name) {
        List<Route> list = new ArrayList<>();
        for (Route r : routes) {
            if (r.table().equals(name)) list.add(r);
        }
        // The FIB trie lists by destination address, longer prefixes first for the same key.
        list.sort(Comparator.<Route>comparingLong(r -> Integer.toUnsignedLong(r.destination().network()))
                .thenComparing(r -> -r.destination().prefixLength())
                .thenComparingInt(r -> r.metric() < 0 ? 0 : r.metric()));
        return list;
    }

    // ---- the routing decision ------------------------------------------------------------------

    /**
     * The routing decision for {@code destination}: table local first (local and broadcast
     * routes), then main by longest prefix and lowest metric. Routes through a device that is down
     * are not used.
     */
    public RouteResult route(int destination) {
        Compiled c = compiled();
        Entry best = longest(c.local, destination, false);
        if (best == null) best = longest(c.main, destination, true);
        if (best == null) return UNREACHABLE;
        NetworkInterface dev = best.device;
        int src = best.route.preferredSource();
        if (src == 0 && dev != null && dev.primaryIpv4() != null) src = dev.primaryIpv4().ipv4();
        return new RouteResult(best.route.type(), dev, best.route.gateway(), src);
    }

    private static final RouteResult UNREACHABLE = new RouteResult(RouteType.UNREACHABLE, null, 0, 0);

    /** A route with what the lookup needs at hand (the per-packet path avoids string work). */
    private record Entry(Route route, NetworkInterface device, int network, int mask, int prefixLength, int metric) {}

    private record Compiled(Entry[] local, Entry[] main) {}

    private Compiled compiled;

    private Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            List<Entry> local = new ArrayList<>();
            List<Entry> main = new ArrayList<>();
            for (Route r : routes) {
                Entry e = new Entry(r, interfaces.get(r.device()), r.destination().network(), r.destination().mask(),
                        r.destination().prefixLength(), metric(r));
                if (r.table().equals("local")) local.add(e);
                else if (r.table().equals("main")) main.add(e);
            }
            compiled = c = new Compiled(local.toArray(new Entry[0]), main.toArray(new Entry[0]));
        }
        return c;
    }

    private static Entry longest(Entry[] entries, int destination, boolean needsUpDevice) {
        Entry best = null;
        for (Entry e : entries) {
            if ((destination & e.mask) != e.network) continue;
            if (needsUpDevice && (e.device == null || !e.device.isUp())) continue;
            if (best == null || e.prefixLength > best.prefixLength
                    || (e.prefixLength == best.prefixLength && e.metric < best.metric)) {
                best = e;
            }
        }
        return best;
    }

    private static int metric(Route r) {
        return r.metric() < 0 ? 0 : r.metric();
    }

    /** Whether {@code address} has a {@code local} route: what {@code --dst-type LOCAL} asks. */
    public boolean isLocalAddress(int address) {
        return addressType(address) == RouteType.LOCAL;
    }

    /** The address type as the addrtype match sees it (local table first, then main). */
    public RouteType addressType(int address) {
        Entry best = longest(compiled().local, address, false);
        if (best != null) return best.route.type();
        if ((address & 0xf0000000) == 0xe0000000) return RouteType.MULTICAST;
        if (address == -1) return RouteType.BROADCAST;
        // Anything else not in table local is UNICAST to the addrtype match (inet_addr_type).
        return RouteType.UNICAST;
    }

    /**
     * Whether {@code ip route} flags the route {@code linkdown}: its device has no carrier, the
     * route is not of scope host, and the kernel flags it (6.x always, 5.x only after a carrier loss).
     */
    public boolean isLinkdown(Route r) {
        NetworkInterface dev = interfaces.get(r.device());
        if (dev == null || dev.hasCarrier() || "host".equals(r.scope())) return false;
        return flavour.linkdownWithoutCarrier() || dev.carrierLost();
    }

    // ---- peer network namespaces ----------------------------------------------------------------

    /** Allocates the lowest free id for a peer namespace (peernet2id_alloc). */
    public int allocateNetnsId() {
        int id = netnsIds.nextClearBit(0);
        netnsIds.set(id);
        return id;
    }

    /** Marks a namespace id as taken (a namespace the host already knows). */
    public void reserveNetnsId(int id) {
        netnsIds.set(id);
    }

    public void releaseNetnsId(int id) {
        if (id >= 0) netnsIds.clear(id);
    }

    // ---- sysctls ----------------------------------------------------------------------------

    public boolean ipForward() { return ipForward; }
    public void ipForward(boolean on) { this.ipForward = on; }
    public boolean bridgeNfCallIptables() { return bridgeNfCallIptables; }
    public void bridgeNfCallIptables(boolean on) { this.bridgeNfCallIptables = on; }

    /** The bridge {@code dev} is a port of, or null. */
    public NetworkInterface bridgeOf(NetworkInterface dev) {
        return dev.master() == null ? null : interfaces.get(dev.master());
    }
}
