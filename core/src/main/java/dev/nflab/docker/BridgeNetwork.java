package dev.nflab.docker;

import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import java.util.BitSet;

/** A Docker bridge network: the default {@code bridge} (docker0) or a user-defined one (br-...). */
public final class BridgeNetwork {
    private final String name;
    private final String id;
    private final String bridge;
    private final Cidr subnet;
    private final int gateway;
    private final boolean internal;
    private final boolean icc;
    private final boolean masquerade;
    private final int hostBindIp;
    private final BitSet used = new BitSet();

    BridgeNetwork(String name, String id, String bridge, Cidr subnet, int gateway, boolean internal, boolean icc,
                  boolean masquerade, int hostBindIp) {
        this.name = name;
        this.id = id;
        this.bridge = bridge;
        this.subnet = subnet;
        this.gateway = gateway;
        this.internal = internal;
        this.icc = icc;
        this.masquerade = masquerade;
        this.hostBindIp = hostBindIp;
        used.set(0);
        used.set(offset(gateway));
        used.set(offset(subnet.broadcast()));
    }

    public String name() { return name; }
    public String id() { return id; }
    /** The Linux bridge device: docker0, br- and 12 hex digits of the id, or the name given. */
    public String bridge() { return bridge; }
    public Cidr subnet() { return subnet; }
    public int gateway() { return gateway; }
    public boolean internal() { return internal; }
    public boolean icc() { return icc; }
    public boolean masquerade() { return masquerade; }
    /** {@code com.docker.network.bridge.host_binding_ipv4}, or 0. */
    public int hostBindIp() { return hostBindIp; }
    public boolean isDefault() { return name.equals("bridge"); }

    private int offset(int address) {
        return address - subnet.network();
    }

    /** Docker's IPAM: the lowest free address after the network address (the gateway is taken). */
    int allocate(int requested) throws DockerException {
        if (requested != 0) {
            if (!subnet.contains(requested)) {
                throw new DockerException("Invalid address " + Ipv4.format(requested)
                        + ": It does not belong to any of this network's subnets");
            }
            if (used.get(offset(requested))) {
                throw new DockerException("Address already in use");
            }
            used.set(offset(requested));
            return requested;
        }
        int size = 1 << (32 - subnet.prefixLength());
        int free = used.nextClearBit(1);
        if (free >= size - 1) throw new DockerException("no available IPv4 addresses on this network's address pools: "
                + name + " (" + id + ")");
        used.set(free);
        return subnet.network() + free;
    }

    void release(int address) {
        if (subnet.contains(address) && address != gateway) used.clear(offset(address));
    }

    boolean hasEndpoints() {
        BitSet copy = (BitSet) used.clone();
        copy.clear(0);
        copy.clear(offset(gateway));
        copy.clear(offset(subnet.broadcast()));
        return !copy.isEmpty();
    }
}
