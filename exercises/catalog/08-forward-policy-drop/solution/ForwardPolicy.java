package dev.nflab.exercises.e08;

import java.util.List;

/** Exercise 08, reference solution. */
public final class ForwardPolicy {
    private ForwardPolicy() {}

    /** 1: unpublished port; 3: ICMP is not published; 4: eth0 to eth0 is nobody's rule. */
    public static List<Integer> q1() {
        return List.of(1, 3, 4);
    }

    public static String q2() {
        return "3:204";
    }

    public static List<Integer> q3() {
        return List.of(1, 2, 3, 4, 5, 6);
    }
}
