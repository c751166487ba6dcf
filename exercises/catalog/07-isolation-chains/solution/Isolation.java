package dev.nflab.exercises.e07;

import java.util.List;

/** Exercise 07, reference solution. */
public final class Isolation {
    private Isolation() {}

    /** In docker0, out the backend bridge: STAGE-1#2 then STAGE-2#1 drops. */
    public static String q1() {
        return "filter:DOCKER-ISOLATION-STAGE-2#1 DROP";
    }

    /** In the backend bridge, out docker0: STAGE-1#1 then STAGE-2#2 drops. */
    public static String q2() {
        return "filter:DOCKER-ISOLATION-STAGE-2#2 DROP";
    }

    public static List<String> q3() {
        return List.of("filter:DOCKER-ISOLATION-STAGE-1#2", "filter:DOCKER-ISOLATION-STAGE-2#3",
                "filter:DOCKER-ISOLATION-STAGE-1#3");
    }

    /** Not from a bridge: no isolation; nothing published for db: the policy. */
    public static String q4() {
        return "filter:FORWARD:policy DROP";
    }

    /** STAGE-2 only sees packets in docker0 and not out docker0. */
    public static Boolean q5() {
        return false;
    }
}
