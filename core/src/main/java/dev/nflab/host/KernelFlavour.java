package dev.nflab.host;

/**
 * What differs between the kernels the kit compares with. Ubuntu 20.04's 5.x kernels add a
 * {@code broadcast} route for a prefix's network address too (the seed's
 * {@code broadcast 172.17.0.0 dev docker0}); kernels since 5.9 do not (the 6.x captures).
 *
 * <p>{@code natTableTracksConnections}: whether a loaded nat table turns connection tracking on
 * by itself. On the seed's 5.x VM a fresh nat table with no rule counts new connections (6
 * packets in PREROUTING before Docker); on the lab's 6.x kernel a nat table loaded with no rule
 * that needs conntrack counts nothing (dockerd --iptables=false, legacy back end).
 */
public record KernelFlavour(String name, boolean networkBroadcastRoutes, boolean linkdownWithoutCarrier,
                            boolean natTableTracksConnections) {
    /**
     * Ubuntu 20.04, as in the seed's VM. Its {@code ip r} shows docker0's routes without
     * {@code linkdown} while docker0 has NO-CARRIER (routes made before any carrier loss).
     */
    public static final KernelFlavour UBUNTU_FOCAL_5_X = new KernelFlavour("5.x", true, false, true);
    /**
     * A current kernel, as in the lab and the captures: a device without carrier has its routes
     * (those not of scope host) flagged {@code linkdown} (observed: docker0 before any container).
     */
    public static final KernelFlavour LINUX_6_X = new KernelFlavour("6.x", false, true, false);

    /** The earlier two-component form: a flavour with the 5.x linkdown behaviour. */
    public KernelFlavour(String name, boolean networkBroadcastRoutes) {
        this(name, networkBroadcastRoutes, !networkBroadcastRoutes, networkBroadcastRoutes);
    }
}
