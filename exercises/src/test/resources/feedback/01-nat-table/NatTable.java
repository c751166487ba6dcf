package dev.nflab.exercises.e01;

import java.util.List;

/** Wrong answers everywhere: the feedback must not give the right ones away. */
public final class NatTable {
    private NatTable() {}

    public static List<String> q1() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q2() { return List.of("nat:DOCKER#2"); }
    public static List<String> q3() { return List.of(); }
    public static List<String> q4() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q5() { return List.of("nat:OUTPUT#1"); }
    public static List<String> q6() { return List.of("nat:DOCKER#1"); }
}
