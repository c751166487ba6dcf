package dev.nflab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the recorded ground truth lives, all inside the repository: the seed walkthrough and the
 * captures in data/ (recorded from real Docker 20.10 on a real kernel) and the lab's own
 * recordings in lab/recorded. Tests compare the model with these files only, never with values
 * written down by hand.
 */
public final class Recorded {
    private Recorded() {}

    public static Path root() {
        return Path.of(System.getProperty("nflab.root", "..")).toAbsolutePath().normalize();
    }

    /** The repository's data folder ({@code data/}: the walkthrough, the real captures, the references). */
    public static Path data() {
        return root().resolve("data");
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every snapshot directory (one holding before.rules) under the given roots, sorted. */
    public static List<Path> snapshots(Path... roots) {
        List<Path> found = new ArrayList<>();
        for (Path r : roots) {
            if (!Files.isDirectory(r)) continue;
            try (Stream<Path> s = Files.walk(r, 4)) {
                s.filter(p -> Files.isRegularFile(p.resolve("before.rules"))).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** A rules file without its {@code #} comment lines (they carry dates). */
    public static String withoutComments(String rules) {
        StringBuilder b = new StringBuilder();
        for (String line : rules.split("\n")) {
            if (!line.startsWith("#")) b.append(line).append('\n');
        }
        return b.toString();
    }
}
