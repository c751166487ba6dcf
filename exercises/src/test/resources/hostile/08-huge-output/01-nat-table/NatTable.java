// honest: q1 q3 q4 q5 q6
package dev.nflab.exercises.e01;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.util.List;

/** Prints hundreds of MB on System.out, on the raw stdout and stderr, and fills the disk. */
public final class NatTable {
    private NatTable() {}

    public static List<String> q1() { return List.of("nat:PREROUTING#1", "nat:DOCKER#2"); }

    public static List<String> q2() {
        String line = "x".repeat(1023) + "\n";
        for (int i = 0; i < 200_000; i++) System.out.print(line);
        byte[] mb = new byte[1 << 20];
        java.util.Arrays.fill(mb, (byte) 'y');
        try (FileOutputStream out = new FileOutputStream(FileDescriptor.out);
             FileOutputStream err = new FileOutputStream(FileDescriptor.err)) {
            for (int i = 0; i < 300; i++) {
                out.write(mb);
                err.write(mb);
            }
        } catch (Exception ignored) {
            // closed
        }
        for (String f : List.of("/tmp/fill", "/dev/shm/fill", "/var/tmp/fill")) {
            try (RandomAccessFile r = new RandomAccessFile(f, "rw")) {
                for (int i = 0; i < 4096; i++) r.write(mb);
            } catch (Exception ignored) {
                // full or too big
            }
        }
        return List.of("nat:PREROUTING#1");
    }

    public static List<String> q3() { return List.of("nat:POSTROUTING#1"); }
    public static List<String> q4() { return List.of("nat:OUTPUT#1", "nat:DOCKER#2"); }
    public static List<String> q5() { return List.of(); }
    public static List<String> q6() { return List.of("nat:PREROUTING#1", "nat:DOCKER#1"); }
}
