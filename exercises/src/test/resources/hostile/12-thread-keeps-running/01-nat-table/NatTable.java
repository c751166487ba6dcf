// honest: q1 q2 q3 q4 q5 q6
package dev.nflab.exercises.e01;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts a thread (non-daemon) that keeps running: burns CPU and tries to write results, forever. */
public final class NatTable {
    private NatTable() {}

    static {
        Thread t = new Thread(() -> {
            long x = 0;
            while (true) {
                x++;
                if (x % 50_000_000 == 0) {
                    try {
                        Files.writeString(Path.of("/tmp/nflab-hostile/results.json"), "{\"score\": 12}");
                    } catch (Exception ignored) {
                        // hidden
                    }
                }
            }
        });
        t.setDaemon(false);
        t.start();
    }

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { return List.of("nat:POSTROUTING#1"); }
    public static List<String> q4() { return List.of("nat:OUTPUT#1", "nat:DOCKER#2"); }
    public static List<String> q5() { return List.of(); }
    public static List<String> q6() { return List.of("nat:PREROUTING#1", "nat:DOCKER#1"); }
}
