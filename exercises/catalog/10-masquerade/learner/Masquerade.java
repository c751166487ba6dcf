package dev.nflab.exercises.e10;

import java.util.Map;

/** Exercise 10: MASQUERADE (see README.md). */
public final class Masquerade {
    private Masquerade() {}

    /** Q1: container 172.17.0.2:45678 -> 172.31.40.10:7000 leaves as "SRC:PORT > DST:PORT via IFACE". */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: the SYN-ACK 172.31.40.10:7000 -> 172.31.37.164:45678 leaves as ... */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: does the second container's source port 45678 stay unchanged? */
    public static Boolean q3() {
        return null; // TODO(learner)
    }

    /** Q4: the nat counters that moved in capture s2, with their packet counts, e.g. Map.of("nat:X#1", 2L). */
    public static Map<String, Long> q4() {
        return null; // TODO(learner)
    }
}
