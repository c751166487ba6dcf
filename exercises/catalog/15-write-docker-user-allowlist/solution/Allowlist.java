package dev.nflab.exercises.e15;

import java.util.List;

/** Exercise 15, reference solution. */
public final class Allowlist {
    private Allowlist() {}

    /** -I puts each rule on top: the ESTABLISHED exception ends up first, then the DROP. */
    public static List<String> rules() {
        return List.of(
                "iptables -I DOCKER-USER -i eth0 ! -s 172.31.32.0/24 -j DROP",
                "iptables -I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN");
    }
}
