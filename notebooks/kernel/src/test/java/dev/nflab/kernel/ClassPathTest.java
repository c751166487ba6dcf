package dev.nflab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassPathTest {

    @Test
    void globsInTheLastNameAreExpandedInOrder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        for (String f : List.of("nflab-core-0.1.jar", "nflab-core-0.1-sources.jar", "lib/b.jar", "lib/a.jar", "lib/notes.txt")) {
            Files.writeString(dir.resolve(f), "");
        }
        ClassPath cp = new ClassPath();
        cp.add(dir + "/nflab-core-*.jar" + File.pathSeparator + dir + "/lib/*");
        assertEquals(List.of(dir.resolve("nflab-core-0.1.jar").toString(),
                dir.resolve("lib/a.jar").toString(), dir.resolve("lib/b.jar").toString()), cp.entries);
        assertTrue(cp.warnings.isEmpty(), cp.warnings.toString());
    }

    @Test
    void missingEntriesAreWarnedAboutNotFatal(@TempDir Path dir) {
        ClassPath cp = new ClassPath();
        cp.add(dir + "/nothing-*.jar" + File.pathSeparator + dir + "/absent.jar");
        assertTrue(cp.entries.isEmpty());
        assertEquals(2, cp.warnings.size());
    }
}
