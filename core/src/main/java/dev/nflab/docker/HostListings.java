package dev.nflab.docker;

import dev.nflab.host.Host;
import dev.nflab.host.listing.Brctl;
import dev.nflab.host.listing.IpListing;
import dev.nflab.host.listing.Netstat;
import dev.nflab.iptables.Iptables;
import java.util.ArrayList;
import java.util.List;

/**
 * The listings a learner types on a Docker host, from the model: {@code ip a}, {@code ip link},
 * {@code ip r}, {@code ip r show table local}, {@code brctl show}, {@code netstat -tlnp} and
 * {@code iptables -L -n -v --line-numbers -t nat|filter}, as the real tools print them.
 */
public final class HostListings {
    /** The names {@code --show} accepts, in the order they are printed. */
    public static final List<String> NAMES = List.of("ip-a", "ip-link", "ip-r", "ip-r-local", "brctl", "netstat",
            "iptables-nat", "iptables-filter");

    private final Host host;
    private final Iptables iptables;
    private final List<Netstat.Socket> sockets;
    private final int hashMix;

    /**
     * @param systemSockets listening sockets of the host's own processes, bound before Docker's
     * @param hashMix the namespace's listening-hash mix (orders netstat's lines)
     */
    public HostListings(Host host, Iptables iptables, List<Netstat.Socket> systemSockets, List<DockerHost.Listener> docker,
                        int hashMix) {
        this.host = host;
        this.iptables = iptables;
        this.sockets = new ArrayList<>(systemSockets);
        for (DockerHost.Listener l : docker) {
            if (!l.protocol().equals("tcp")) continue;
            sockets.add(new Netstat.Socket(l.ipv6(), l.ipv6() ? "::" : dev.nflab.packet.Ipv4.format(l.address()),
                    l.port(), l.pid(), "/usr/bin/docker-proxy"));
        }
        this.hashMix = hashMix;
    }

    public static HostListings of(DockerHost docker) {
        return new HostListings(docker.host(), docker.iptables(), List.of(), docker.listeners(), 0);
    }

    public String ipAddress() { return IpListing.address(host); }
    public String ipLink() { return IpListing.link(host); }
    public String ipRoute() { return IpListing.route(host, "main"); }
    public String ipRouteLocal() { return IpListing.route(host, "local"); }
    /** brctl's own output, with its tabs. */
    public String brctlShow() { return Brctl.show(host); }
    public String netstatTlnp() { return Netstat.tlnp(sockets, hashMix); }

    /** {@code iptables ARGS} on the host's ruleset: what it prints and its exit status. */
    public Iptables.Result iptables(String args) {
        return iptables.run(args);
    }

    /** One listing by its {@code --show} name. */
    public String show(String name) {
        return switch (name) {
            case "ip-a" -> ipAddress();
            case "ip-link" -> ipLink();
            case "ip-r" -> ipRoute();
            case "ip-r-local" -> ipRouteLocal();
            case "brctl" -> brctlShow();
            case "netstat" -> netstatTlnp();
            case "iptables-nat" -> iptables("-L -n -v --line-numbers -t nat").stdout();
            case "iptables-filter" -> iptables("-L -n -v --line-numbers -t filter").stdout();
            default -> throw new IllegalArgumentException("unknown listing `" + name + "' (one of " + NAMES + ")");
        };
    }

    /** The command line a listing stands for, as a learner types it. */
    public static String command(String name) {
        return switch (name) {
            case "ip-a" -> "ip a";
            case "ip-link" -> "ip link";
            case "ip-r" -> "ip r";
            case "ip-r-local" -> "ip r show table local";
            case "brctl" -> "brctl show";
            case "netstat" -> "netstat -tlnp";
            case "iptables-nat" -> "iptables -L -n -v --line-numbers -t nat";
            case "iptables-filter" -> "iptables -L -n -v --line-numbers -t filter";
            default -> throw new IllegalArgumentException(name);
        };
    }
}
