// honest: q1 q2 q3 q5 q6
package dev.nflab.exercises.e01;

import java.util.List;

/** Sleeps well past the time limit in one question. */
public final class NatTable {
    private NatTable() {}

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { return List.of("nat:POSTROUTING#1"); }

    public static List<String> q4() {
        try {
            Thread.sleep(120_000);
        } catch (InterruptedException ignored) {
            // woken
        }
        return List.of("nat:OUTPUT#1", "nat:DOCKER#2");
    }

    public static List<String> q5() { return List.of(); }
    public static List<String> q6() { return List.of("nat:PREROUTING#1", "nat:DOCKER#1"); }
}
