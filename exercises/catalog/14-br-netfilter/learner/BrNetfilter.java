package dev.nflab.exercises.e14;

import java.util.List;

/** Exercise 14: br_netfilter and container-to-container traffic (see README.md). */
public final class BrNetfilter {
    private BrNetfilter() {}

    /** Q1: the hooks cache -> web:80 traverses, in order. */
    public static List<String> q1() {
        return null; // TODO(learner)
    }

    /** Q2: "IN -> OUT" as filter FORWARD sees them. */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: what decides in filter. */
    public static String q3() {
        return null; // TODO(learner)
    }

    /** Q4: with --icc=false, what decides in filter. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: with --icc=false, who answers cache -> 172.31.37.164:80: "container", "docker-proxy" or "nobody". */
    public static String q5() {
        return null; // TODO(learner)
    }
}
