package dev.nflab.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network device of the host: loopback, ethernet, a bridge, or a veth (whose peer is in a
 * container's namespace). Carries what routing, the {@code -i/-o} and physdev matches, and the
 * {@code ip} listings need.
 */
public final class NetworkInterface {
    private final int index;
    private final String name;
    private final InterfaceKind kind;
    private String mac;
    private int mtu;
    private boolean up = true;
    private boolean carrier = true;
    private String master;
    /** For a veth: the peer's ifindex in its namespace ("veth3ce1bed@if21"). */
    private int peerIndex;
    private int linkNetnsId = -1;
    private String qdisc = "noqueue";
    private int txqlen = -1;
    /** The carrier went away after the device had addresses: its routes are flagged linkdown. */
    private boolean carrierLost;
    /** The name of the peer's namespace when it has one ("link-netns nflab-peer"), or null. */
    private String linkNetnsName;
    private final List<Address> addresses = new ArrayList<>();

    public NetworkInterface(int index, String name, InterfaceKind kind) {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("invalid interface name \"" + name + "\" (1 to 15 characters)");
        }
        this.index = index;
        this.name = name;
        this.kind = kind;
        this.mtu = kind == InterfaceKind.LOOPBACK ? 65536 : 1500;
        this.mac = kind == InterfaceKind.LOOPBACK ? "00:00:00:00:00:00" : "02:00:00:00:00:00";
        if (kind == InterfaceKind.LOOPBACK || kind == InterfaceKind.ETHERNET) txqlen = 1000;
    }

    public int index() { return index; }
    public String name() { return name; }
    public InterfaceKind kind() { return kind; }
    public String mac() { return mac; }
    public int mtu() { return mtu; }
    public boolean isUp() { return up; }
    public boolean hasCarrier() { return carrier; }
    public String master() { return master; }
    public int peerIndex() { return peerIndex; }
    public int linkNetnsId() { return linkNetnsId; }
    public String qdisc() { return qdisc; }
    public int txqlen() { return txqlen; }
    public List<Address> addresses() { return Collections.unmodifiableList(addresses); }

    public NetworkInterface mac(String mac) { this.mac = mac; return this; }
    public NetworkInterface mtu(int mtu) { this.mtu = mtu; return this; }
    public NetworkInterface up(boolean up) { this.up = up; return this; }
    public NetworkInterface carrier(boolean carrier) {
        if (this.carrier && !carrier && primaryIpv4() != null) carrierLost = true;
        if (carrier) carrierLost = false;
        this.carrier = carrier;
        return this;
    }
    /** Whether the carrier went down while the device had an IPv4 address (fib_sync_down_dev). */
    public boolean carrierLost() { return carrierLost; }
    public String linkNetnsName() { return linkNetnsName; }
    public NetworkInterface linkNetnsName(String name) { this.linkNetnsName = name; return this; }
    public NetworkInterface master(String bridge) { this.master = bridge; return this; }
    public NetworkInterface peer(int peerIndex, int linkNetnsId) {
        this.peerIndex = peerIndex;
        this.linkNetnsId = linkNetnsId;
        return this;
    }
    public NetworkInterface qdisc(String qdisc) { this.qdisc = qdisc; return this; }

    private boolean routeLocalnet;

    /**
     * {@code net.ipv4.conf.DEV.route_localnet}: whether packets to or from 127.0.0.0/8 may be
     * routed through this device (otherwise they are martians and dropped). Docker sets it on
     * a bridge when the userland proxy is off, so hairpinned 127.0.0.1 traffic works.
     */
    public boolean routeLocalnet() { return routeLocalnet; }
    public NetworkInterface routeLocalnet(boolean on) { this.routeLocalnet = on; return this; }
    public NetworkInterface txqlen(int txqlen) { this.txqlen = txqlen; return this; }
    public NetworkInterface addAddress(Address address) { addresses.add(address); return this; }
    public void removeAddress(Address address) { addresses.remove(address); }

    /** The first IPv4 address (the primary one: what MASQUERADE picks), or -1... as an Address. */
    public Address primaryIpv4() {
        for (Address a : addresses) {
            if (!a.inet6()) return a;
        }
        return null;
    }

    /** Running: administratively up and with carrier ("LOWER_UP"). */
    public boolean isRunning() {
        return up && carrier;
    }

    @Override public String toString() { return name; }
}
