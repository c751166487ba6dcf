package dev.nflab.exercises.e20;

import java.util.List;

/** Exercise 20: read the two real traces of this folder (see README.md). Rules as "filter:CHAIN#N". */
public final class UfwTrace {
    private UfwTrace() {}

    /** Q1: A (nft trace): the rule that accepted the peer's SYN in filter. */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: A: how many packets of the peer's connection filter let through. */
    public static Integer q2() {
        return null; // TODO(learner)
    }

    /** Q3: A: the ufw-* chains in which a packet of the connection matched a rule, in any order. */
    public static List<String> q3() {
        return null; // TODO(learner)
    }

    /** Q4: B (legacy trace): the rule that accepted 172.31.32.1's SYN in filter. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: B: the source address of the client whose packets were dropped. */
    public static String q5() {
        return null; // TODO(learner)
    }

    /** Q6: B: the rule that dropped them. */
    public static String q6() {
        return null; // TODO(learner)
    }

    /** Q7: B: the rule that jumped to the dropping rule's chain. */
    public static String q7() {
        return null; // TODO(learner)
    }

    /** Q8: B: the dropped packets' destination port when the dropping rule matched them. */
    public static Integer q8() {
        return null; // TODO(learner)
    }

    /** Q9: B: how many packets were dropped. */
    public static Integer q9() {
        return null; // TODO(learner)
    }
}
