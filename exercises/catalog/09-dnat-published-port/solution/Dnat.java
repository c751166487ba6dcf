package dev.nflab.exercises.e09;

/** Exercise 09, reference solution. */
public final class Dnat {
    private Dnat() {}

    public static String q1() {
        return "172.31.32.1:50000 > 172.17.0.2:80 via docker0";
    }

    /** conntrack undoes the DNAT on the reply: its source becomes the published address again. */
    public static String q2() {
        return "172.31.37.164:8080 > 172.31.32.1:50000 via eth0";
    }

    /** DOCKER#3 needs destination 127.0.0.1: not DNATed, delivered (nobody listens there). */
    public static String q3() {
        return "172.31.32.1:50002 > 172.31.37.164:6379 delivered";
    }

    /** OUTPUT excludes 127.0.0.0/8 from the jump: docker-proxy on 127.0.0.1:6379 gets it. */
    public static String q4() {
        return "127.0.0.1:40000 > 127.0.0.1:6379 delivered";
    }

    /** 172.17.0.1 is LOCAL too: DNATed like the host's main address. */
    public static String q5() {
        return "172.31.32.1:50003 > 172.17.0.2:80 via docker0";
    }
}
