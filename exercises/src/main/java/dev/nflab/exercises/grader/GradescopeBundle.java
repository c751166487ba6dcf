package dev.nflab.exercises.grader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./nflab grade --gradescope-bundle FILE.zip [EXERCISE...]}: the autograder zip Gradescope
 * expects. Its root becomes {@code /autograder/source}: {@code setup.sh} (installs Java 17 and Maven
 * from the distribution's packages when missing, builds the model and the grader), {@code
 * run_autograder} (grades {@code /autograder/submission} into {@code /autograder/results/results.json},
 * in the sandbox: Gradescope runs it as root), the sources of core and the grader, the recorded
 * inputs the exercises' tests read ({@code data/real-docker-20.10/replay} and {@code docker-rules},
 * {@code lab/recorded/{nft,legacy}/ufw-*}, {@code data/ufw-0.36.2}), the resources the model's build
 * packs ({@code data/netbase}), and the chosen
 * exercises' statements, learner files (blank answers files included), tests and adapters: never
 * their reference solutions. A submission holds the learner's Java files and answers files, named
 * {@code NN-answers.txt} or {@code NN-name/answers.txt} (see {@code Grader.answersFile}).
 * {@code AUTOGRADER_ROOT} moves {@code /autograder} elsewhere (for trying the bundle out).
 */
final class GradescopeBundle {
    private GradescopeBundle() {}

    static final String SETUP = """
            #!/usr/bin/env bash
            # nflab's Gradescope setup: Java 17 and Maven from the distribution's packages (when missing),
            # then the model and the grader built from the sources in this folder.
            set -euo pipefail
            ROOT="${AUTOGRADER_ROOT:-/autograder}"
            SRC="$ROOT/source"
            export DEBIAN_FRONTEND=noninteractive
            have_jdk17() { command -v javac >/dev/null 2>&1 && javac -version 2>&1 | grep -q ' 17'; }
            if ! have_jdk17 || ! command -v mvn >/dev/null 2>&1; then
              apt-get update -q
              apt-get install -y -q openjdk-17-jdk-headless maven
            fi
            if ! have_jdk17; then
              JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(ls /usr/lib/jvm/*17*/bin/javac | head -1)")")")"
              export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
            fi
            cd "$SRC"
            chmod +x nflab run_autograder
            if [ -d "$ROOT" ] && [ -w "$ROOT" ] && [ "$SRC/run_autograder" != "$ROOT/run_autograder" ]; then
              cp run_autograder "$ROOT/run_autograder" 2>/dev/null && chmod +x "$ROOT/run_autograder" || true
            fi
            # offline first (a populated ~/.m2), else Maven Central
            mvn -B -q -o package -Dmaven.test.skip=true || mvn -B -q package -Dmaven.test.skip=true
            ./nflab grade --list >/dev/null
            echo "nflab autograder ready: $(./nflab grade --list | wc -l) exercise(s)"
            """;

    static String runAutograder(List<Exercise> exercises, int revealOn) {
        String names = String.join(" ", exercises.stream().map(Exercise::number).toList());
        return """
                #!/usr/bin/env bash
                # nflab's Gradescope autograder: grades the submission in the sandbox (exercises/README.md,
                # "How grading is protected") and writes results.json once every learner process is gone.
                set -uo pipefail
                ROOT="${AUTOGRADER_ROOT:-/autograder}"
                SRC="$ROOT/source"
                mkdir -p "$ROOT/results"
                cd "$SRC"
                if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -q ' 17'; then
                  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(ls /usr/lib/jvm/*17*/bin/javac | head -1)")")")"
                  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
                fi
                exec ./nflab grade %s --work "$ROOT/submission" --json "$ROOT/results/results.json" \\
                    --metadata "$ROOT/submission_metadata.json"%s
                """.formatted(names, revealOn > 0 ? " --reveal-on-attempt " + revealOn : "");
    }

    static void write(Path zip, Path root, List<Exercise> exercises, int revealOn) throws IOException {
        Path parent = zip.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream fileOut = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(fileOut)) {
            put(z, "setup.sh", SETUP);
            put(z, "run_autograder", runAutograder(exercises, revealOn));
            put(z, "nflab", Files.readString(root.resolve("nflab")));
            String pom = Files.readString(root.resolve("pom.xml")).replace("    <module>notebooks/kernel</module>\n", "");
            put(z, "pom.xml", pom);
            for (String m : List.of("core", "exercises")) {
                put(z, m + "/pom.xml", Files.readString(root.resolve(m).resolve("pom.xml")));
                tree(z, root, root.resolve(m).resolve("src/main"));
            }
            // the recorded inputs exercises/pom.xml puts on the class path (fixtures/, captures/)
            tree(z, root, root.resolve("data/real-docker-20.10/replay"));
            tree(z, root, root.resolve("data/real-docker-20.10/docker-rules"));
            // the lab's ufw recordings (exercises 18, 20) and ufw's pristine files (19), also on the class path
            for (String backend : List.of("nft", "legacy")) {
                try (Stream<Path> s = Files.list(root.resolve("lab/recorded").resolve(backend))) {
                    for (Path d : s.filter(d -> d.getFileName().toString().startsWith("ufw-")).sorted().toList()) tree(z, root, d);
                }
            }
            tree(z, root, root.resolve("data/ufw-0.36.2"));
            // netbase's services, which core/pom.xml packs into the model (the ports' service names)
            tree(z, root, root.resolve("data/netbase"));
            put(z, "exercises/README.md", Files.readString(root.resolve("exercises/README.md")));
            for (Exercise e : exercises) {
                try (Stream<Path> s = Files.walk(e.dir())) {
                    for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                        Path rel = e.dir().relativize(p);
                        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("solution")) continue;
                        putFile(z, "exercises/catalog/" + e.name() + "/" + rel.toString().replace('\\', '/'), p);
                    }
                }
            }
        }
    }

    private static void tree(ZipOutputStream z, Path root, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path p : files) putFile(z, root.relativize(p).toString().replace('\\', '/'), p);
    }

    private static void put(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }

    private static void putFile(ZipOutputStream z, String name, Path p) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        Files.copy(p, z);
        z.closeEntry();
    }
}
