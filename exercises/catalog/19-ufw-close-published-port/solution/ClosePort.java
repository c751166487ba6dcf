package dev.nflab.exercises.e19;

import java.util.List;

/** Exercise 19, reference solution. */
public final class ClosePort {
    private ClosePort() {}

    /**
     * The lab's ufw-docker-user-route fix: DOCKER-USER, which FORWARD runs first, hands every packet
     * to ufw-user-forward, whose `ufw route` rules see the packet after DNAT (172.17.0.2:80). The
     * deny names port 80 and TCP only, so the replies to the container's own connections (to its
     * ephemeral ports) still get through.
     */
    public static List<String> commands() {
        return List.of(
                "ufw route allow proto tcp from 172.31.32.1 to 172.17.0.2 port 80",
                "ufw route deny proto tcp from any to 172.17.0.2 port 80",
                "iptables -I DOCKER-USER -j ufw-user-forward");
    }
}
