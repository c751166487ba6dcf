package dev.nflab.exercises.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One exercise of the catalog: a folder {@code NN-name} holding {@code README.md} (the statement),
 * {@code learner/} (the files the learner edits), {@code solution/} (the reference versions of the
 * same files) and {@code tests/} (the JUnit 5 tests that grade them).
 */
public record Exercise(String name, Path dir) {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern POINTS = Pattern.compile("@Points\\(\\s*(?:value\\s*=\\s*)?(\\d+)");

    /** The two-digit number, e.g. {@code 03}. */
    public String number() {
        int dash = name.indexOf('-');
        return dash < 0 ? name : name.substring(0, dash);
    }

    /** The statement's first heading, or the folder name. */
    public String title() {
        Path readme = dir.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            for (String line : read(readme).split("\n")) {
                if (line.startsWith("# ")) return line.substring(2).trim();
            }
        }
        return name;
    }

    public Path learnerDir() { return dir.resolve("learner"); }
    public Path solutionDir() { return dir.resolve("solution"); }
    public Path testsDir() { return dir.resolve("tests"); }
    /**
     * The adapter of an implementation exercise: code that runs in the sandbox beside the learner's
     * files and turns plain data from the tests into calls of the learner's code (see Learner).
     */
    public Path adapterDir() { return dir.resolve("adapter"); }
    public boolean hasAdapter() { return Files.isDirectory(adapterDir()); }

    /** The answers file a learner may fill in instead of the Java ({@code learner/answers.txt}). */
    public Path learnerAnswers() { return learnerDir().resolve(AnswerSheet.FILE); }
    /** The reference answers file ({@code solution/answers.txt}). */
    public Path solutionAnswers() { return solutionDir().resolve(AnswerSheet.FILE); }

    /**
     * Whether the exercise's questions may be answered in an answers file: a prediction exercise
     * (no adapter) whose learner folder holds one ({@link AnswerSheet}).
     */
    public boolean takesAnswers() { return !hasAdapter() && Files.isRegularFile(learnerAnswers()); }

    /** The learner's files, as paths relative to {@code learner/}. */
    public List<Path> learnerFiles() {
        return javaFiles(learnerDir()).stream().map(p -> learnerDir().relativize(p)).toList();
    }

    public List<Path> testFiles() {
        return javaFiles(testsDir());
    }

    /** The fully qualified names of the test classes (one top-level class per test file). */
    public List<String> testClasses() {
        List<String> names = new ArrayList<>();
        for (Path p : testFiles()) {
            String simple = p.getFileName().toString().replaceFirst("\\.java$", "");
            Matcher m = PACKAGE.matcher(read(p));
            names.add(m.find() ? m.group(1) + "." + simple : simple);
        }
        return names;
    }

    /** The points the tests are worth, read from their source (used when they cannot be compiled). */
    public int declaredPoints() {
        int total = 0;
        for (Path p : testFiles()) {
            Matcher m = POINTS.matcher(read(p));
            while (m.find()) total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every exercise folder ({@code NN-name} with a {@code tests/} folder) under the catalog, sorted. */
    public static List<Exercise> catalog(Path catalog) throws IOException {
        List<Exercise> list = new ArrayList<>();
        if (!Files.isDirectory(catalog)) throw new IOException("no exercise catalog at " + catalog);
        try (Stream<Path> s = Files.list(catalog)) {
            s.filter(p -> p.getFileName().toString().matches("\\d+-.*") && Files.isDirectory(p.resolve("tests")))
                    .sorted()
                    .forEach(p -> list.add(new Exercise(p.getFileName().toString(), p)));
        }
        return list;
    }

    /**
     * The exercises a command-line selector names: {@code 03}, {@code 3}, {@code 03-addrtype-local}
     * or a unique part of a name ({@code addrtype}).
     */
    public static List<Exercise> select(List<Exercise> all, String selector) {
        List<Exercise> hits = new ArrayList<>();
        for (Exercise e : all) {
            if (e.name().equals(selector) || e.number().equals(selector)
                    || (selector.matches("\\d+") && Integer.parseInt(e.number()) == Integer.parseInt(selector))) {
                return List.of(e);
            }
            if (e.name().contains(selector)) hits.add(e);
        }
        return hits;
    }
}
