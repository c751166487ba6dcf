package dev.nflab.exercises.e14;

import java.util.List;

/** Exercise 14, reference solution. */
public final class BrNetfilter {
    private BrNetfilter() {}

    public static List<String> q1() {
        return List.of("PREROUTING", "FORWARD", "POSTROUTING");
    }

    public static String q2() {
        return "docker0 -> docker0";
    }

    public static String q3() {
        return "filter:FORWARD#6 ACCEPT";
    }

    /** --icc=false appends -i docker0 -o docker0 -j DROP in place of the ACCEPT. */
    public static String q4() {
        return "filter:FORWARD#6 DROP";
    }

    /** DOCKER#1 (-i docker0 -j RETURN) skips the DNAT: the host's docker-proxy answers, and ICC does not apply. */
    public static String q5() {
        return "docker-proxy";
    }
}
