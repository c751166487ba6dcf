package dev.nflab.exercises.e16;

import java.util.List;

/** Exercise 16: diagnose the drops in trace.txt (see README.md). */
public final class Diagnosis {
    private Diagnosis() {}

    /** Q1: the source address of the client whose packets were dropped. */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: the rule that dropped them, "filter:CHAIN#N". */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: how many packets were dropped. */
    public static Integer q3() {
        return null; // TODO(learner)
    }

    /** Q4: iptables commands that let 172.31.40.10 in, others still blocked. */
    public static List<String> q4() {
        return null; // TODO(learner)
    }
}
