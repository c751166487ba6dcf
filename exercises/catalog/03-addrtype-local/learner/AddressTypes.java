package dev.nflab.exercises.e03;

import java.util.List;
import java.util.Map;

/**
 * Exercise 03: address types as `-m addrtype` sees them on the seed's VM (see README.md).
 * Types are "LOCAL", "BROADCAST" or "UNICAST".
 */
public final class AddressTypes {
    private AddressTypes() {}

    /** Q1: 127.0.0.1, 127.8.9.10. Example of the form: Map.of("127.0.0.1", "...", "127.8.9.10", "..."). */
    public static Map<String, String> q1() {
        return null; // TODO(learner)
    }

    /** Q2: 172.31.37.164, 172.17.0.1. */
    public static Map<String, String> q2() {
        return null; // TODO(learner)
    }

    /** Q3: 172.17.0.2, 172.31.32.1, 8.8.8.8. */
    public static Map<String, String> q3() {
        return null; // TODO(learner)
    }

    /** Q4: 172.17.255.255, 172.31.47.255, 172.17.0.0. */
    public static Map<String, String> q4() {
        return null; // TODO(learner)
    }

    /** Q5: the addresses (of the ten) for which nat PREROUTING#1 jumps to DOCKER. */
    public static List<String> q5() {
        return null; // TODO(learner)
    }
}
