package dev.nflab.docker;

import dev.nflab.host.Address;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.KernelFlavour;
import dev.nflab.host.NetworkInterface;
import dev.nflab.host.Route;
import dev.nflab.host.RouteType;
import dev.nflab.netfilter.Dialect;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;

/**
 * The machine Docker is installed on, before Docker: its kernel, its iptables, its devices. Two
 * layouts: the seed's VM (Ubuntu 20.04 on AWS) and the local lab's host namespace, which copies
 * the VM's addresses (eth0 172.31.37.164/20, default route via 172.31.32.1).
 */
public record HostLayout(String name, KernelFlavour flavour, Dialect dialect, boolean seedVm, boolean sctpSockets) {

    /**
     * The earlier form. SCTP sockets: Ubuntu's kernel has them; the lab's kernel has none (observed:
     * docker-proxy, and the port reservation without it, fail with "protocol not supported").
     */
    public HostLayout(String name, KernelFlavour flavour, Dialect dialect, boolean seedVm) {
        this(name, flavour, dialect, seedVm, seedVm);
    }

    /** The seed's VM: Ubuntu 20.04, kernel 5.x, iptables 1.8.4 (legacy), eth0 from DHCP. */
    public static final HostLayout SEED_VM = new HostLayout("seed-vm", KernelFlavour.UBUNTU_FOCAL_5_X,
            Dialect.UBUNTU_20_04, true);
    /** The lab's host namespace on Debian 12 (kernel 6.x, iptables 1.8.9, nf_tables). */
    public static final HostLayout LAB_NFT = new HostLayout("lab-nft", KernelFlavour.LINUX_6_X,
            Dialect.DEBIAN_12_NFT, false);
    /** The same with iptables-legacy. */
    public static final HostLayout LAB_LEGACY = new HostLayout("lab-legacy", KernelFlavour.LINUX_6_X,
            Dialect.DEBIAN_12_LEGACY, false);

    /** The addresses every layout shares: the host's, its gateway's. */
    public static final int HOST_ADDRESS = Ipv4.parse("172.31.37.164");
    public static final int GATEWAY = Ipv4.parse("172.31.32.1");

    /** A fresh host: lo and eth0, the default route, no Docker yet. */
    public Host newHost() {
        Host host = Host.withLoopback(flavour);
        NetworkInterface eth0 = host.addInterface("eth0", InterfaceKind.ETHERNET);
        Address addr = Address.inet("172.31.37.164", 20, "global");
        if (seedVm) {
            // The seed's `ip a`: an AWS ENA interface with jumbo frames and a DHCP lease.
            eth0.mac("06:3d:47:e2:09:ba").mtu(9001).qdisc("fq_codel");
            addr = addr.withLifetimes(true, 3514, 3514);
            host.addAddress(eth0, addr);
            eth0.addAddress(Address.inet6("fe80::43d:47ff:fee2:9ba", 64, "link"));
            host.addRoute(new Route(RouteType.UNICAST, Cidr.ANY, "eth0", GATEWAY, "dhcp", "global", HOST_ADDRESS,
                    100, "main"));
            host.addRoute(new Route(RouteType.UNICAST, Cidr.host(GATEWAY), "eth0", 0, "dhcp", "link", HOST_ADDRESS,
                    100, "main"));
        } else {
            // The lab's eth0 is one end of a veth pair whose peer (ifindex 2) is in netns nflab-peer.
            eth0.mac("02:00:ac:1f:25:a4").qdisc("noqueue").peer(2, 0).linkNetnsName("nflab-peer");
            host.reserveNetnsId(0);
            host.addAddress(eth0, addr);
            eth0.addAddress(Address.inet6(DockerHost.eui64LinkLocal("02:00:ac:1f:25:a4"), 64, "link"));
            host.addRoute(new Route(RouteType.UNICAST, Cidr.ANY, "eth0", GATEWAY, "boot", "global", 0, -1, "main"));
        }
        // A fresh VM does not forward: Docker turns forwarding on (and FORWARD to DROP).
        host.ipForward(false);
        return host;
    }

    public static HostLayout byName(String name) {
        return switch (name) {
            case "seed-vm" -> SEED_VM;
            case "lab-nft", "nft" -> LAB_NFT;
            case "lab-legacy", "legacy" -> LAB_LEGACY;
            default -> null;
        };
    }
}
