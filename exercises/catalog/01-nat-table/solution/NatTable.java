package dev.nflab.exercises.e01;

import java.util.List;

/** Exercise 01, reference solution. */
public final class NatTable {
    private NatTable() {}

    /** The LAN SYN: PREROUTING's jump (172.31.37.164 is LOCAL), then DNAT (in eth0 is not docker0). */
    public static List<String> q1() {
        return List.of("nat:PREROUTING#1", "nat:DOCKER#2");
    }

    /** Jumps to DOCKER (LOCAL), but no DOCKER rule matches port 22: back to PREROUTING, policy. */
    public static List<String> q2() {
        return List.of("nat:PREROUTING#1");
    }

    /** 93.184.216.34 is not LOCAL: no jump. Out eth0 from 172.17.0.0/16: MASQUERADE. */
    public static List<String> q3() {
        return List.of("nat:POSTROUTING#1");
    }

    /** OUTPUT's jump (LOCAL, not 127/8), DNAT (no input interface in OUTPUT, so ! -i docker0 holds). */
    public static List<String> q4() {
        return List.of("nat:OUTPUT#1", "nat:DOCKER#2");
    }

    /** 127.0.0.1 is excluded from OUTPUT's jump; the loopback trip back in does not consult nat again. */
    public static List<String> q5() {
        return List.of();
    }

    /** From docker0: DOCKER#1 RETURNs before the DNAT; docker-proxy gets it (INPUT). */
    public static List<String> q6() {
        return List.of("nat:PREROUTING#1", "nat:DOCKER#1");
    }
}
