package dev.nflab.exercises.e11;

/** Exercise 11, reference solution. */
public final class Hairpin {
    private Hairpin() {}

    public static String q1() {
        return "container";
    }

    /** OUTPUT#1 excludes 127.0.0.0/8. */
    public static String q2() {
        return "docker-proxy";
    }

    /** OUTPUT#1 jumps, DNAT holds (no input interface in OUTPUT). */
    public static String q3() {
        return "container";
    }

    /** In on docker0: DOCKER#1 RETURNs before the DNAT. */
    public static String q4() {
        return "docker-proxy";
    }

    public static String q5() {
        return "docker-proxy";
    }

    /** docker-proxy's socket is bound by routing to docker0's address; nothing masquerades it. */
    public static String q6() {
        return "172.17.0.1";
    }

    /** The hairpin rule is for DNATed container-to-itself traffic, which the userland proxy avoids. */
    public static Boolean q7() {
        return false;
    }
}
