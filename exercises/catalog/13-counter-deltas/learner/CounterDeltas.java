package dev.nflab.exercises.e13;

import java.util.Map;

/**
 * Exercise 13: the counters that moved during capture s1 (see README.md), as "packets:bytes",
 * e.g. Map.of("nat:PREROUTING#1", "1:60", ...).
 */
public final class CounterDeltas {
    private CounterDeltas() {}

    /** Q1: nat rules and policies. */
    public static Map<String, String> q1() {
        return null; // TODO(learner)
    }

    /** Q2: filter FORWARD's rules. */
    public static Map<String, String> q2() {
        return null; // TODO(learner)
    }

    /** Q3: filter DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-1 and -2. */
    public static Map<String, String> q3() {
        return null; // TODO(learner)
    }
}
