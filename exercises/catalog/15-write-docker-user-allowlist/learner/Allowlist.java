package dev.nflab.exercises.e15;

import java.util.List;

/** Exercise 15: your DOCKER-USER allowlist (see README.md). */
public final class Allowlist {
    private Allowlist() {}

    /** The iptables commands, run in order on the seed host, e.g. List.of("iptables -I DOCKER-USER ..."). */
    public static List<String> rules() {
        return null; // TODO(learner)
    }
}
