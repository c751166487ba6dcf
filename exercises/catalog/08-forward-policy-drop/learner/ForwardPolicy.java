package dev.nflab.exercises.e08;

import java.util.List;

/** Exercise 08: FORWARD policy DROP (see README.md). */
public final class ForwardPolicy {
    private ForwardPolicy() {}

    /** Q1: the numbers (1-6) of the packets the FORWARD policy drops. */
    public static List<Integer> q1() {
        return null; // TODO(learner)
    }

    /** Q2: the FORWARD policy counter after the six packets, "packets:bytes". */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: with policy ACCEPT, the numbers of the packets forwarded. */
    public static List<Integer> q3() {
        return null; // TODO(learner)
    }
}
