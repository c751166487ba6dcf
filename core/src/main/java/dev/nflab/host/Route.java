package dev.nflab.host;

import dev.nflab.packet.Cidr;

/**
 * One routing-table entry, as {@code ip route show table all} lists it.
 *
 * @param gateway next hop, or 0 for an on-link route
 * @param preferredSource the {@code src} address, or 0
 * @param metric -1 when unset
 */
public record Route(RouteType type, Cidr destination, String device, int gateway, String protocol,
                    String scope, int preferredSource, int metric, String table) {

    public boolean isDefault() {
        return destination.isAny();
    }
}
