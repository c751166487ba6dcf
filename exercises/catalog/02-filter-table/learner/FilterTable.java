package dev.nflab.exercises.e02;

import java.util.List;

/**
 * Exercise 02: the seed's filter table (see README.md).
 *
 * Q1-Q3: the filter rules the packet matches, in order, as "filter:CHAIN#N".
 * Q4-Q6: what decides, as "filter:CHAIN#N ACCEPT", "filter:CHAIN#N DROP" or "filter:FORWARD:policy DROP".
 */
public final class FilterTable {
    private FilterTable() {}

    /** Q1: LAN 172.31.32.1:50000 -> 172.31.37.164:80 (DNATed to 172.17.0.2:80). */
    public static List<String> q1() {
        return null; // TODO(learner)
    }

    /** Q2: container 172.17.0.2:40000 -> 93.184.216.34:443. */
    public static List<String> q2() {
        return null; // TODO(learner)
    }

    /** Q3: container 172.17.0.3:40004 -> 172.17.0.2:80. */
    public static List<String> q3() {
        return null; // TODO(learner)
    }

    /** Q4: LAN 172.31.40.10:40006 -> 172.17.0.2:22, routed. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: reply 93.184.216.34:443 -> 172.31.37.164:40000 (SYN-ACK). */
    public static String q5() {
        return null; // TODO(learner)
    }

    /** Q6: LAN 172.31.40.10:40005 -> 172.17.0.2:80, routed. */
    public static String q6() {
        return null; // TODO(learner)
    }
}
