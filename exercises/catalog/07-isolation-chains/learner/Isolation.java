package dev.nflab.exercises.e07;

import java.util.List;

/** Exercise 07: the isolation chains with two networks (see README.md). */
public final class Isolation {
    private Isolation() {}

    /** Q1: web 172.17.0.2 -> db 172.18.0.2:5432: what decides ("filter:CHAIN#N VERDICT" or "filter:FORWARD:policy DROP"). */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: db 172.18.0.2 -> web 172.17.0.2:80: what decides. */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: web -> 1.1.1.1:443: the isolation-chain rules it matches, in order. */
    public static List<String> q3() {
        return null; // TODO(learner)
    }

    /** Q4: LAN 172.31.40.10 -> db 172.18.0.2:5432: what decides. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: can STAGE-2's "-o docker0 -j DROP" ever match on the seed's one-network host? */
    public static Boolean q5() {
        return null; // TODO(learner)
    }
}
