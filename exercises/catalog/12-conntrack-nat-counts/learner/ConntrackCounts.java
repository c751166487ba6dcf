package dev.nflab.exercises.e12;

/** Exercise 12: conntrack and the nat counters (see README.md). Packet counts. */
public final class ConntrackCounts {
    private ConntrackCounts() {}

    /** Q1: nat:PREROUTING#1 after three exchanges. */
    public static Long q1() {
        return null; // TODO(learner)
    }

    /** Q2: filter:FORWARD#1 after three exchanges. */
    public static Long q2() {
        return null; // TODO(learner)
    }

    /** Q3: filter:FORWARD#3 after three exchanges. */
    public static Long q3() {
        return null; // TODO(learner)
    }

    /** Q4: nat DOCKER#2 in capture s3. */
    public static Long q4() {
        return null; // TODO(learner)
    }

    /** Q5: 'A', 'B', 'C' or 'D'. */
    public static Character q5() {
        return null; // TODO(learner)
    }
}
