package dev.nflab.notebook;

import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Ruleset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a notebook finds the kit's data, whatever its working directory: the repository root (the
 * folder holding {@code core/pom.xml} and {@code notebooks/}), the ground truth kept in the repository
 * ({@code data/}: the seed walkthrough and the real Docker captures) and the lab's recordings
 * ({@code lab/recorded}). Jupyter starts a kernel in the notebook's folder, the headless runner too;
 * the search walks up from the working directory, so any folder inside the checkout works.
 * {@code -Dnflab.root=DIR} or {@code NFLAB_ROOT} override the root.
 *
 * <p>Also the small text helpers the notebooks' claims use: comparing a model's listing with the
 * walkthrough's copy of it, which lost the tools' trailing spaces.
 */
public final class Kit {
    private Kit() {}

    /** The repository root. */
    public static Path root() {
        String given = System.getProperty("nflab.root", System.getenv("NFLAB_ROOT"));
        if (given != null && !given.isBlank()) return Path.of(given).toAbsolutePath().normalize();
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("core/pom.xml")) && Files.isDirectory(p.resolve("notebooks"))) return p;
        }
        throw new IllegalStateException("not inside the nflab checkout (working directory " + dir
                + "); set NFLAB_ROOT to the repository");
    }

    /** The repository's ground truth, {@code ROOT/data} (data/README.md lists what it holds). */
    public static Path data() {
        Path data = root().resolve("data");
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("no data folder in the checkout (expected " + data + ")");
        }
        return data;
    }

    /** A real Docker 20.10 capture: {@code data/real-docker-20.10/replay/NAME}. */
    public static Path capture(String name) {
        return data().resolve("real-docker-20.10/replay").resolve(name);
    }

    /** The names of the real captures, sorted. */
    public static List<String> captures() {
        List<String> names = new ArrayList<>();
        for (Path p : snapshotsUnder(data().resolve("real-docker-20.10/replay"))) names.add(p.getFileName().toString());
        return names;
    }

    /** The lab's recorded snapshots ({@code lab/recorded/**}, each a folder with before.rules); maybe none. */
    public static List<Path> labRecordings() {
        return snapshotsUnder(root().resolve("lab/recorded"));
    }

    /**
     * The learner's own VM recordings ({@code lab/recorded-vm/BACKEND/NAME}, from {@code ./nflab vm run}
     * or the VM's collector; not in git), the complete ones (with after.rules); maybe none.
     */
    public static List<Path> vmRecordings() {
        return snapshotsUnder(root().resolve("lab/recorded-vm")).stream()
                .filter(d -> Files.isRegularFile(d.resolve("after.rules"))).toList();
    }

    /** Every folder holding a {@code before.rules} under {@code dir} (depth 4), sorted; none if it is missing. */
    public static List<Path> snapshotsUnder(Path dir) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) return found;
        try (Stream<Path> s = Files.walk(dir, 4)) {
            s.filter(p -> Files.isRegularFile(p.resolve("before.rules"))).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The seed walkthrough's text ({@code data/seed/walkthrough.md}). */
    public static String walkthrough() {
        return read(data().resolve("seed/walkthrough.md"));
    }

    /** A file's text (UTF-8). */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code listing}'s lines appear, consecutively, in {@code text}, comparing lines with
     * trailing whitespace stripped (a markdown copy of a tool's output loses it) and ignoring the
     * listing's leading and trailing blank lines.
     */
    public static boolean appearsIn(String listing, String text) {
        List<String> want = lines(listing);
        List<String> have = lines(text);
        if (want.isEmpty()) return true;
        for (int i = 0; i + want.size() <= have.size(); i++) {
            if (have.subList(i, i + want.size()).equals(want)) return true;
        }
        return false;
    }

    /** The lines of {@code text}, each without trailing whitespace, blank lines at both ends removed. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) out.add(l.stripTrailing());
        while (!out.isEmpty() && out.get(0).isEmpty()) out.remove(0);
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /**
     * Every rule as {@code "TABLE -A CHAIN SPEC"} (iptables-save's text, no counters), tables in
     * iptables-save's order: a form to diff two moments of a ruleset with {@link #added}.
     */
    public static List<String> ruleLines(Ruleset ruleset) {
        List<String> out = new ArrayList<>();
        String table = "";
        for (String line : IptablesSave.write(ruleset, false, null).split("\n")) {
            if (line.startsWith("*")) table = line.substring(1);
            else if (line.startsWith("-A ")) out.add(table + " " + line);
        }
        return out;
    }

    /** The lines of {@code after} that {@code before} does not have (as a multiset), in {@code after}'s order. */
    public static List<String> added(List<String> before, List<String> after) {
        List<String> left = new ArrayList<>(before);
        List<String> out = new ArrayList<>();
        for (String l : after) {
            if (!left.remove(l)) out.add(l);
        }
        return out;
    }

    /** A rules file without its {@code #} comment lines (iptables-save dates them). */
    public static String withoutComments(String rules) {
        StringBuilder b = new StringBuilder();
        for (String line : rules.split("\n")) {
            if (!line.startsWith("#")) b.append(line).append('\n');
        }
        return b.toString();
    }
}
