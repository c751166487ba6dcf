package dev.nflab.exercises.e10;

import java.util.Map;

/** Exercise 10, reference solution. */
public final class Masquerade {
    private Masquerade() {}

    public static String q1() {
        return "172.31.37.164:45678 > 172.31.40.10:7000 via eth0";
    }

    public static String q2() {
        return "172.31.40.10:7000 > 172.17.0.2:45678 via docker0";
    }

    /** 172.31.37.164:45678 -> 172.31.40.10:7000 is taken: MASQUERADE picks another port. */
    public static Boolean q3() {
        return false;
    }

    /** One connection: its SYN ends PREROUTING at the policy (no LOCAL destination), POSTROUTING#1 masquerades it. */
    public static Map<String, Long> q4() {
        return Map.of("nat:PREROUTING:policy", 1L, "nat:POSTROUTING#1", 1L);
    }
}
