package dev.nflab.exercises.e17;

import java.util.List;

/** Exercise 17, reference solution. */
public final class NoUserlandProxy {
    private NoUserlandProxy() {}

    /** DNAT in OUTPUT, re-routed to docker0, source 127.0.0.1 is LOCAL: POSTROUTING#1 masquerades to 172.17.0.1. */
    public static String q1() {
        return "172.17.0.1:40000 > 172.17.0.2:80 via docker0";
    }

    /** DNATed; the source is not LOCAL and not nginx itself: nginx sees 172.17.0.3. */
    public static String q2() {
        return "172.17.0.3:40001 > 172.17.0.2:80 via docker0";
    }

    /** The hairpin: DNAT back to itself, then POSTROUTING#3 masquerades, so replies come back through the host. */
    public static String q3() {
        return "172.17.0.1:40002 > 172.17.0.2:80 via docker0";
    }

    public static String q4() {
        return "172.17.0.1:40003 > 172.17.0.2:80 via docker0";
    }

    public static List<String> q5() {
        return List.of("nat:PREROUTING#1", "nat:DOCKER#1", "nat:POSTROUTING#3");
    }
}
