package dev.nflab.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Resolves a class path given as a {@link File#pathSeparator}-separated list whose entries may end in a
 * simple glob in their last name: {@code core/target/nflab-core-*.jar}, {@code core/target/lib/*.jar},
 * {@code core/target/lib/*} (every jar of a folder, like {@code java -cp}).
 */
final class ClassPath {

    final List<String> entries = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    void add(String list) {
        if (list == null || list.isBlank()) {
            return;
        }
        for (String raw : list.split(File.pathSeparator)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            resolve(entry);
        }
    }

    private void resolve(String entry) {
        if (entry.startsWith("~/")) {
            entry = System.getProperty("user.home") + entry.substring(1);
        }
        Path p = Paths.get(entry);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            if (Files.exists(p)) {
                addUnique(p.toAbsolutePath().normalize().toString());
            } else {
                warnings.add("class path entry not found: " + entry);
            }
            return;
        }
        Path dir = p.getParent() == null ? Paths.get(".") : p.getParent();
        String glob = name.equals("*") ? "*.{jar,JAR}" : name;
        TreeSet<String> found = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith("-sources.jar")
                            && !f.getFileName().toString().endsWith("-javadoc.jar")) {
                        found.add(f.toAbsolutePath().normalize().toString());
                    }
                }
            } catch (IOException e) {
                warnings.add("cannot list " + dir + ": " + e.getMessage());
            }
        }
        if (found.isEmpty()) {
            warnings.add("class path pattern matched no file: " + entry);
        }
        found.forEach(this::addUnique);
    }

    private void addUnique(String path) {
        if (!entries.contains(path)) {
            entries.add(path);
        }
    }

    String joined() {
        return String.join(File.pathSeparator, entries);
    }
}
