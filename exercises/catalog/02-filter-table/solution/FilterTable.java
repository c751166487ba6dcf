package dev.nflab.exercises.e02;

import java.util.List;

/** Exercise 02, reference solution. */
public final class FilterTable {
    private FilterTable() {}

    public static List<String> q1() {
        return List.of("filter:FORWARD#1", "filter:DOCKER-USER#1", "filter:FORWARD#2",
                "filter:DOCKER-ISOLATION-STAGE-1#2", "filter:FORWARD#4", "filter:DOCKER#1");
    }

    public static List<String> q2() {
        return List.of("filter:FORWARD#1", "filter:DOCKER-USER#1", "filter:FORWARD#2",
                "filter:DOCKER-ISOLATION-STAGE-1#1", "filter:DOCKER-ISOLATION-STAGE-2#2",
                "filter:DOCKER-ISOLATION-STAGE-1#2", "filter:FORWARD#5");
    }

    /** A NEW packet out docker0 goes through DOCKER (no match) first, then FORWARD#6. */
    public static List<String> q3() {
        return List.of("filter:FORWARD#1", "filter:DOCKER-USER#1", "filter:FORWARD#2",
                "filter:DOCKER-ISOLATION-STAGE-1#2", "filter:FORWARD#4", "filter:FORWARD#6");
    }

    public static String q4() {
        return "filter:FORWARD:policy DROP";
    }

    /** Un-masqueraded to 172.17.0.2, out docker0, ESTABLISHED. */
    public static String q5() {
        return "filter:FORWARD#3 ACCEPT";
    }

    /** DOCKER accepts by container address and port: no DNAT needed. */
    public static String q6() {
        return "filter:DOCKER#1 ACCEPT";
    }
}
