// honest: q1 q2 q4 q6
package dev.nflab.exercises.e01;

import java.util.List;

/** Halts its JVM in the middle: only that question may suffer. */
public final class NatTable {
    private NatTable() {}

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { Runtime.getRuntime().halt(0); return List.of("nat:POSTROUTING#1"); }
    public static List<String> q4() { return List.of("nat:OUTPUT#1", "nat:DOCKER#2"); }
    public static List<String> q5() { System.exit(0); return List.of(); }
    public static List<String> q6() { return List.of("nat:PREROUTING#1", "nat:DOCKER#1"); }
}
