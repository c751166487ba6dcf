package dev.nflab.exercises.e01;

import java.util.List;

/**
 * Exercise 01: which rules of the seed's nat table match each packet (see README.md).
 *
 * Answer each question with the nat rules the packet matches, in order, named "nat:CHAIN#N",
 * e.g. List.of("nat:PREROUTING#1", "nat:DOCKER#1"). No rule matches: List.of().
 */
public final class NatTable {
    private NatTable() {}

    /** Q1: LAN 172.31.32.1:50000 -> 172.31.37.164:80, in on eth0. */
    public static List<String> q1() {
        return null; // TODO(learner)
    }

    /** Q2: LAN 172.31.32.1:50001 -> 172.31.37.164:22, in on eth0. */
    public static List<String> q2() {
        return null; // TODO(learner)
    }

    /** Q3: container 172.17.0.2:40000 -> 93.184.216.34:443. */
    public static List<String> q3() {
        return null; // TODO(learner)
    }

    /** Q4: host process 172.31.37.164:40001 -> 172.31.37.164:80. */
    public static List<String> q4() {
        return null; // TODO(learner)
    }

    /** Q5: host process 127.0.0.1:40002 -> 127.0.0.1:80. */
    public static List<String> q5() {
        return null; // TODO(learner)
    }

    /** Q6: container 172.17.0.3:40003 -> 172.31.37.164:80. */
    public static List<String> q6() {
        return null; // TODO(learner)
    }
}
