package dev.nflab.exercises.e09;

/**
 * Exercise 09: what becomes of each packet (see README.md): "SRC:PORT > DST:PORT via IFACE",
 * "SRC:PORT > DST:PORT delivered" or "dropped", with the addresses as the packet leaves.
 */
public final class Dnat {
    private Dnat() {}

    /** Q1: LAN 172.31.32.1:50000 -> 172.31.37.164:8080. */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: web's SYN-ACK 172.17.0.2:80 -> 172.31.32.1:50000. */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: LAN 172.31.32.1:50002 -> 172.31.37.164:6379. */
    public static String q3() {
        return null; // TODO(learner)
    }

    /** Q4: host 127.0.0.1:40000 -> 127.0.0.1:6379. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: LAN 172.31.32.1:50003 -> 172.17.0.1:8080. */
    public static String q5() {
        return null; // TODO(learner)
    }
}
