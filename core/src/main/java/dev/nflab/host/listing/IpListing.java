package dev.nflab.host.listing;

import dev.nflab.host.Address;
import dev.nflab.host.Host;
import dev.nflab.host.InterfaceKind;
import dev.nflab.host.NetworkInterface;
import dev.nflab.host.Route;
import dev.nflab.host.RouteType;
import dev.nflab.packet.Ipv4;

/**
 * {@code ip address}, {@code ip link} and {@code ip route [show table T]} of a model host, laid out
 * as iproute2 5.x/6.x prints them, trailing spaces included (iproute2 ends most fields with a
 * space: {@code "group default "}, {@code "scope host "}, {@code "src 172.17.0.1 "}).
 */
public final class IpListing {
    private IpListing() {}

    /** {@code ip a} / {@code ip address}: every device with its addresses. */
    public static String address(Host host) {
        StringBuilder b = new StringBuilder();
        for (NetworkInterface dev : host.interfaces()) address(b, dev);
        return b.toString();
    }

    /** One device's {@code ip a} block. */
    public static String address(NetworkInterface dev) {
        StringBuilder b = new StringBuilder();
        address(b, dev);
        return b.toString();
    }

    private static void address(StringBuilder b, NetworkInterface dev) {
        header(b, dev, false);
        linkLine(b, dev);
        for (Address a : dev.addresses()) {
            if (a.inet6()) continue;
            b.append("    inet ").append(a.text()).append('/').append(a.prefixLength()).append(' ');
            // The loopback address is configured without a broadcast address (the route exists anyway).
            if (a.hasBroadcast() && dev.kind() != InterfaceKind.LOOPBACK) b.append("brd ").append(Ipv4.format(a.broadcast())).append(' ');
            b.append("scope ").append(a.scope()).append(' ');
            if (a.dynamic()) b.append("dynamic ");
            b.append(dev.name()).append('\n');
            lifetimes(b, a);
        }
        for (Address a : dev.addresses()) {
            if (!a.inet6()) continue;
            b.append("    inet6 ").append(a.text()).append('/').append(a.prefixLength()).append(' ')
                    .append("scope ").append(a.scope()).append(' ');
            if (a.dynamic()) b.append("dynamic ");
            b.append('\n');
            lifetimes(b, a);
        }
    }

    private static void lifetimes(StringBuilder b, Address a) {
        b.append("       valid_lft ").append(lifetime(a.validLifetime()))
                .append(" preferred_lft ").append(lifetime(a.preferredLifetime())).append('\n');
    }

    private static String lifetime(int seconds) {
        return seconds < 0 ? "forever" : seconds + "sec";
    }

    /** {@code ip link}: every device, without addresses. */
    public static String link(Host host) {
        StringBuilder b = new StringBuilder();
        for (NetworkInterface dev : host.interfaces()) {
            header(b, dev, true);
            linkLine(b, dev);
        }
        return b.toString();
    }

    private static void header(StringBuilder b, NetworkInterface dev, boolean linkMode) {
        b.append(dev.index()).append(": ").append(dev.name());
        if (dev.peerIndex() > 0) b.append("@if").append(dev.peerIndex());
        b.append(": <").append(flags(dev)).append("> mtu ").append(dev.mtu()).append(' ')
                .append("qdisc ").append(dev.qdisc()).append(' ');
        if (dev.master() != null) b.append("master ").append(dev.master()).append(' ');
        b.append("state ").append(operstate(dev)).append(' ');
        if (linkMode) b.append("mode DEFAULT ");
        b.append("group default ");
        if (dev.txqlen() > 0) b.append("qlen ").append(dev.txqlen());
        b.append('\n');
    }

    private static void linkLine(StringBuilder b, NetworkInterface dev) {
        boolean loopback = dev.kind() == InterfaceKind.LOOPBACK;
        b.append("    link/").append(loopback ? "loopback" : "ether").append(' ').append(dev.mac())
                .append(" brd ").append(loopback ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff");
        if (dev.linkNetnsName() != null) b.append(" link-netns ").append(dev.linkNetnsName());
        else if (dev.linkNetnsId() >= 0) b.append(" link-netnsid ").append(dev.linkNetnsId());
        b.append('\n');
    }

    /** The flags between angle brackets: NO-CARRIER first when up without carrier, as iproute2. */
    public static String flags(NetworkInterface dev) {
        StringBuilder f = new StringBuilder();
        if (dev.isUp() && !dev.hasCarrier()) f.append("NO-CARRIER,");
        if (dev.kind() == InterfaceKind.LOOPBACK) f.append("LOOPBACK,");
        else f.append("BROADCAST,MULTICAST,");
        if (dev.isUp()) f.append("UP,");
        if (dev.isRunning()) f.append("LOWER_UP,");
        return f.substring(0, f.length() - 1);
    }

    /** The operational state: UNKNOWN for loopback, UP with carrier, else DOWN. */
    public static String operstate(NetworkInterface dev) {
        if (dev.kind() == InterfaceKind.LOOPBACK) return dev.isUp() ? "UNKNOWN" : "DOWN";
        return dev.isRunning() ? "UP" : "DOWN";
    }

    /** {@code ip r}: table main. */
    public static String route(Host host) {
        return route(host, "main");
    }

    /** {@code ip r show table T}: that table's IPv4 routes in FIB order. */
    public static String route(Host host, String table) {
        StringBuilder b = new StringBuilder();
        for (Route r : host.table(table)) b.append(route(host, r)).append('\n');
        return b.toString();
    }

    /** One route as iproute2 prints it (type, dst, via, dev, proto, scope, src, metric, flags). */
    public static String route(Host host, Route r) {
        StringBuilder b = new StringBuilder();
        if (r.type() != RouteType.UNICAST) b.append(r.type().ipName()).append(' ');
        if (r.destination().isAny()) b.append("default ");
        else if (r.destination().prefixLength() == 32) b.append(Ipv4.format(r.destination().network())).append(' ');
        else b.append(r.destination()).append(' ');
        if (r.gateway() != 0) b.append("via ").append(Ipv4.format(r.gateway())).append(' ');
        b.append("dev ").append(r.device()).append(' ');
        if (r.protocol() != null && !r.protocol().equals("boot")) b.append("proto ").append(r.protocol()).append(' ');
        if (r.scope() != null && !r.scope().equals("global")) b.append("scope ").append(r.scope()).append(' ');
        if (r.preferredSource() != 0) b.append("src ").append(Ipv4.format(r.preferredSource())).append(' ');
        if (r.metric() >= 0) b.append("metric ").append(r.metric()).append(' ');
        if (host.isLinkdown(r)) b.append("linkdown ");
        return b.toString();
    }
}
