// honest: q1 q2
package dev.nflab.exercises.e01;

import java.util.List;

/**
 * Answers Q1 and Q2 honestly; its answers.txt beside it answers every question rightly but is
 * larger than the grader reads (64 KB): it must not be read at all, so Q3-Q6 earn nothing.
 */
public final class NatTable {
    private NatTable() {}

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { return null; }
    public static List<String> q4() { return null; }
    public static List<String> q5() { return null; }
    public static List<String> q6() { return null; }
}
