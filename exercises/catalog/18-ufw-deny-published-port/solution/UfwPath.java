package dev.nflab.exercises.e18;

import java.util.List;
import java.util.Map;

/** Exercise 18, reference solution. */
public final class UfwPath {
    private UfwPath() {}

    /** Only the SYN: the jump to DOCKER, the DNAT, and POSTROUTING's policy. */
    public static Map<String, String> q1() {
        return Map.of("nat:PREROUTING#1", "1:60", "nat:DOCKER#2", "1:60", "nat:POSTROUTING:policy", "1:60");
    }

    /** Routed after DNAT: FORWARD, whose Docker rules accept the SYN before any ufw jump. */
    public static List<String> q2() {
        return List.of("filter:FORWARD#1", "filter:DOCKER-USER#1", "filter:FORWARD#2",
                "filter:DOCKER-ISOLATION-STAGE-1#2", "filter:FORWARD#4", "filter:DOCKER#1");
    }

    /** Every packet is accepted by FORWARD #3, #4 (DOCKER) or #5 before FORWARD's ufw jumps. */
    public static List<String> q3() {
        return List.of();
    }

    public static Boolean q4() {
        return true;
    }

    /** ufw-user-input, reached from INPUT through ufw-before-input. */
    public static String q5() {
        return "filter:ufw-user-input#1";
    }

    /** Both SYNs are NEW (the first was dropped before conntrack confirmed it): two jumps, two policy ACCEPTs. */
    public static Map<String, String> q6() {
        return Map.of("nat:PREROUTING#1", "2:120", "nat:PREROUTING:policy", "2:120");
    }

    public static String q7() {
        return "INPUT";
    }
}
