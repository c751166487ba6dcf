package dev.nflab.docker;

/**
 * {@code docker network create} options. Null means "Docker's default".
 *
 * @param bridgeName {@code -o com.docker.network.bridge.name=NAME}
 * @param icc {@code -o com.docker.network.bridge.enable_icc=BOOL}
 * @param masquerade {@code -o com.docker.network.bridge.enable_ip_masquerade=BOOL}
 * @param hostBindIp {@code -o com.docker.network.bridge.host_binding_ipv4=IP}, or 0
 */
public record NetworkOptions(String name, String subnet, String gateway, boolean internal, String bridgeName,
                             Boolean icc, Boolean masquerade, int hostBindIp) {

    public static NetworkOptions named(String name) {
        return new NetworkOptions(name, null, null, false, null, null, null, 0);
    }

    public NetworkOptions subnet(String cidr) {
        return new NetworkOptions(name, cidr, gateway, internal, bridgeName, icc, masquerade, hostBindIp);
    }

    public NetworkOptions asInternal() {
        return new NetworkOptions(name, subnet, gateway, true, bridgeName, icc, masquerade, hostBindIp);
    }

    public NetworkOptions icc(boolean on) {
        return new NetworkOptions(name, subnet, gateway, internal, bridgeName, on, masquerade, hostBindIp);
    }
}
