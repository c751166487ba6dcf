package dev.nflab.exercises.e20;

import java.util.List;

/** Exercise 20, reference solution. */
public final class UfwTrace {
    private UfwTrace() {}

    /** The SYN's filter path ends at `filter:DOCKER:rule:0x13:ACCEPT`, DOCKER's first rule. */
    public static String q1() {
        return "filter:DOCKER#1";
    }

    /** 12 trace ids reach filter FORWARD, and each ends with an ACCEPT (DOCKER #1 or FORWARD #3/#5). */
    public static Integer q2() {
        return 12;
    }

    /** FORWARD's ufw jumps come after the rules that accepted every packet. */
    public static List<String> q3() {
        return List.of();
    }

    /** `filter:ufw-user-forward:rule:1`, the `ufw route allow` rule (-j ACCEPT). */
    public static String q4() {
        return "filter:ufw-user-forward#1";
    }

    public static String q5() {
        return "172.31.40.10";
    }

    /** `filter:ufw-user-forward:rule:2`, the `ufw route deny` rule (-j DROP). */
    public static String q6() {
        return "filter:ufw-user-forward#2";
    }

    /** The rule the fix inserted: `-A DOCKER-USER -j ufw-user-forward`. */
    public static String q7() {
        return "filter:DOCKER-USER#1";
    }

    /** After DNAT: 172.17.0.2:80 (DPT=80 on the TRACE lines of filter). */
    public static Integer q8() {
        return 80;
    }

    /** The SYN and its retransmission. */
    public static Integer q9() {
        return 2;
    }
}
