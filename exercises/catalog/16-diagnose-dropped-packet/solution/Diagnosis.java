package dev.nflab.exercises.e16;

import java.util.List;

/** Exercise 16, reference solution. */
public final class Diagnosis {
    private Diagnosis() {}

    public static String q1() {
        return "172.31.40.10";
    }

    /** `-A DOCKER-USER ! -s 172.31.32.1/32 -i eth0 -j DROP`, the first rule of DOCKER-USER. */
    public static String q2() {
        return "filter:DOCKER-USER#1";
    }

    /** The SYN and its retransmission (same port 57048). */
    public static Integer q3() {
        return 2;
    }

    /** An exception above the DROP. */
    public static List<String> q4() {
        return List.of("iptables -I DOCKER-USER -i eth0 -s 172.31.40.10 -j RETURN");
    }
}
