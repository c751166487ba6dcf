// honest: q1 q3 q4
package dev.nflab.exercises.e01;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;

/** A shutdown hook that forges results when its JVM ends (System.exit in q2). */
public final class NatTable {
    private NatTable() {}

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (FileOutputStream out = new FileOutputStream(FileDescriptor.out)) {
                StringBuilder b = new StringBuilder();
                for (int id = 1; id < 100; id++) b.append("RET\t").append(id).append("\tL0:\t\n");
                b.append("DONE\n");
                out.write(b.toString().getBytes());
            } catch (Exception ignored) {
                // closed
            }
            try {
                new ProcessBuilder("setsid", "-f", "sh", "-c",
                        "sleep 3; echo '{\"score\": 12}' > /tmp/nflab-hostile/results.json").start();
            } catch (Exception ignored) {
                // no shell
            }
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ignored) {
                // ended
            }
        }));
    }

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }
    public static List<String> q2() { System.exit(0); return List.of("nat:PREROUTING#1"); }
    public static List<String> q3() { return List.of("nat:POSTROUTING#1"); }
    public static List<String> q4() { return List.of("nat:OUTPUT#1", "nat:DOCKER#2"); }
    public static List<String> q5() { return List.of("nat:none"); }
    public static List<String> q6() { return null; }
}
