package dev.nflab.host;

import java.util.Locale;

/** Route types as {@code ip route} names them. */
public enum RouteType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT,
    XRESOLVE;

    public String ipName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
