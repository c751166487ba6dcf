package dev.nflab.exercises.e17;

import java.util.List;

/** Exercise 17: --userland-proxy=false (see README.md). Answers as "SRC:PORT > DST:PORT via IFACE". */
public final class NoUserlandProxy {
    private NoUserlandProxy() {}

    /** Q1: host 127.0.0.1:40000 -> 127.0.0.1:80. */
    public static String q1() {
        return null; // TODO(learner)
    }

    /** Q2: container 172.17.0.3:40001 -> 172.31.37.164:80. */
    public static String q2() {
        return null; // TODO(learner)
    }

    /** Q3: nginx 172.17.0.2:40002 -> 172.31.37.164:80. */
    public static String q3() {
        return null; // TODO(learner)
    }

    /** Q4: host 172.31.37.164:40003 -> 172.31.37.164:80. */
    public static String q4() {
        return null; // TODO(learner)
    }

    /** Q5: the nat rules Q3's SYN matches, in order. */
    public static List<String> q5() {
        return null; // TODO(learner)
    }
}
