package dev.nflab.exercises.e03;

import java.util.List;
import java.util.Map;

/** Exercise 03, reference solution. */
public final class AddressTypes {
    private AddressTypes() {}

    /** local 127.0.0.0/8: the whole /8 is local, not just 127.0.0.1. */
    public static Map<String, String> q1() {
        return Map.of("127.0.0.1", "LOCAL", "127.8.9.10", "LOCAL");
    }

    /** Every address on any interface, docker0's included. */
    public static Map<String, String> q2() {
        return Map.of("172.31.37.164", "LOCAL", "172.17.0.1", "LOCAL");
    }

    /** Not in table local: a container, the gateway, the internet. */
    public static Map<String, String> q3() {
        return Map.of("172.17.0.2", "UNICAST", "172.31.32.1", "UNICAST", "8.8.8.8", "UNICAST");
    }

    /** Broadcast routes; the 5.x kernel adds one for the network address too (172.17.0.0). */
    public static Map<String, String> q4() {
        return Map.of("172.17.255.255", "BROADCAST", "172.31.47.255", "BROADCAST", "172.17.0.0", "BROADCAST");
    }

    public static List<String> q5() {
        return List.of("127.0.0.1", "127.8.9.10", "172.31.37.164", "172.17.0.1");
    }
}
