package dev.nflab.exercises.e13;

import java.util.Map;

/** Exercise 13, reference solution. */
public final class CounterDeltas {
    private CounterDeltas() {}

    /** Only the SYN: the jump, the DNAT, and POSTROUTING's policy (no POSTROUTING rule holds). */
    public static Map<String, String> q1() {
        return Map.of("nat:PREROUTING#1", "1:60", "nat:DOCKER#2", "1:60", "nat:POSTROUTING:policy", "1:60");
    }

    /** 6 client packets (out docker0: 5 ESTABLISHED, the SYN to DOCKER) and 6 nginx packets (in docker0). */
    public static Map<String, String> q2() {
        return Map.of("filter:FORWARD#1", "12:930", "filter:FORWARD#2", "12:930", "filter:FORWARD#3", "5:337",
                "filter:FORWARD#4", "1:60", "filter:FORWARD#5", "6:533");
    }

    public static Map<String, String> q3() {
        return Map.of("filter:DOCKER#1", "1:60", "filter:DOCKER-USER#1", "12:930",
                "filter:DOCKER-ISOLATION-STAGE-1#1", "6:533", "filter:DOCKER-ISOLATION-STAGE-1#2", "12:930",
                "filter:DOCKER-ISOLATION-STAGE-2#2", "6:533");
    }
}
