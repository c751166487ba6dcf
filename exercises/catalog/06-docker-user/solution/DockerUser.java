package dev.nflab.exercises.e06;

/** Exercise 06, reference solution. */
public final class DockerUser {
    private DockerUser() {}

    /** DNATed traffic is forwarded: it never meets INPUT. */
    public static Boolean q1() {
        return true;
    }

    /** By FORWARD time the destination port is already 80 (DNAT in PREROUTING). */
    public static Boolean q2() {
        return true;
    }

    /** The container port is what FORWARD sees. */
    public static Boolean q3() {
        return false;
    }

    /** The destination is already 172.17.0.2. */
    public static Boolean q4() {
        return true;
    }

    /** Source and input interface are not changed by DNAT. */
    public static Boolean q5() {
        return false;
    }

    public static String q6() {
        return "filter:DOCKER-USER#1 DROP";
    }
}
