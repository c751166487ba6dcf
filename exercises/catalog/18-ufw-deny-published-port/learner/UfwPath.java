package dev.nflab.exercises.e18;

import java.util.List;
import java.util.Map;

/**
 * Exercise 18: the peer's request to a published port that ufw denies, and to a host port it
 * denies (see README.md). Rules as "filter:DOCKER#1", policies as "nat:POSTROUTING:policy",
 * counters as "packets:bytes".
 */
public final class UfwPath {
    private UfwPath() {}

    /** Q1: ufw-deny-published: the nat counters that moved, as "packets:bytes" by counter. */
    public static Map<String, String> q1() {
        return null; // TODO(learner)
    }

    /** Q2: ufw-deny-published: the filter rules the peer's SYN matched, in order. */
    public static List<String> q2() {
        return null; // TODO(learner)
    }

    /** Q3: ufw-deny-published: the ufw-* rules that counted a packet of the peer's connection, in any order. */
    public static List<String> q3() {
        return null; // TODO(learner)
    }

    /** Q4: ufw-deny-published: did the peer get the page? */
    public static Boolean q4() {
        return null; // TODO(learner)
    }

    /** Q5: ufw-deny-host-port: the rule that dropped the SYN to port 9000, "filter:CHAIN#N". */
    public static String q5() {
        return null; // TODO(learner)
    }

    /** Q6: ufw-deny-host-port: the nat counters that moved, as "packets:bytes". */
    public static Map<String, String> q6() {
        return null; // TODO(learner)
    }

    /** Q7: ufw-deny-host-port: the filter built-in chain the SYN went through, "INPUT" or "FORWARD". */
    public static String q7() {
        return null; // TODO(learner)
    }
}
