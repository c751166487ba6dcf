package dev.nflab.host;

/**
 * The routing decision for one packet: where it goes ({@code type}), out of which device, through
 * which gateway, and which source address a locally generated packet gets.
 */
public record RouteResult(RouteType type, NetworkInterface device, int gateway, int preferredSource) {

    public boolean isLocal() {
        return type == RouteType.LOCAL || type == RouteType.BROADCAST;
    }

    public boolean isDeliverable() {
        return type == RouteType.UNICAST || isLocal();
    }
}
