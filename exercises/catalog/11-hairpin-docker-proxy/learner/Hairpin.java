package dev.nflab.exercises.e11;

/** Exercise 11: who answers, "container" or "docker-proxy" (see README.md). */
public final class Hairpin {
    private Hairpin() {}

    /** Q1: LAN 172.31.32.1 -> 172.31.37.164:80. */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: host 127.0.0.1 -> 127.0.0.1:80. */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: host 172.31.37.164 -> 172.31.37.164:80. */
    public static String q3() {
        return null; // TODO(learner)
    }

    /** Q4: container 172.17.0.3 -> 172.31.37.164:80. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: nginx 172.17.0.2 -> 172.31.37.164:80. */
    public static String q5() {
        return null; // TODO(learner)
    }

    /** Q6: the source address nginx sees on docker-proxy's connection 172.17.0.1:41000 -> 172.17.0.2:80. */
    public static String q6() {
        return null; // TODO(learner)
    }

    /** Q7: does any of Q1-Q6 match nat POSTROUTING#2? */
    public static Boolean q7() {
        return null; // TODO(learner)
    }
}
