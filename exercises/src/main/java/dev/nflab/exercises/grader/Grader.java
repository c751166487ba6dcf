package dev.nflab.exercises.grader;

import dev.nflab.exercises.sandbox.OutputTail;

import dev.nflab.exercises.sandbox.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Grades exercises: compiles the learner's files (or the reference solutions) with each exercise's
 * tests, runs the tests in worker JVMs ({@link Worker}) under a per-test time limit, and totals the
 * points. Whatever the learner's code does (throw, loop forever, call {@code System.exit}) costs
 * only the test that ran it: the worker is restarted past that test.
 */
public final class Grader {
    /**
     * The form of the reference solutions graded with {@code solutions}: their Java files
     * ({@code solution/*.java}), or their answers files ({@code solution/answers.txt}, with no Java:
     * only the prediction exercises that have one).
     */
    public enum Form { JAVA, ANSWERS }

    /** What to grade and how. */
    public record Options(Path catalog, boolean solutions, Path work, int defaultSeconds, String classPath,
                          int workers, boolean reveal, Form form) {
        public static Options defaults(Path catalog) {
            return new Options(catalog, false, null, 10, System.getProperty("java.class.path"),
                    Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), false, Form.JAVA);
        }

        public Options withSolutions(boolean s) { return new Options(catalog, s, work, defaultSeconds, classPath, workers, reveal, form); }
        public Options withWork(Path w) { return new Options(catalog, solutions, w, defaultSeconds, classPath, workers, reveal, form); }
        public Options withSeconds(int s) { return new Options(catalog, solutions, work, s, classPath, workers, reveal, form); }
        public Options withWorkers(int n) { return new Options(catalog, solutions, work, defaultSeconds, classPath, n, reveal, form); }
        /** Show the expected answers of prediction questions in the feedback (instructors). */
        public Options withReveal(boolean r) { return new Options(catalog, solutions, work, defaultSeconds, classPath, workers, r, form); }
        /** Which form of the reference solutions {@code solutions} grades. */
        public Options withForm(Form f) { return new Options(catalog, solutions, work, defaultSeconds, classPath, workers, reveal, f); }
    }

    /**
     * One exercise's results; {@code tests} in the order they ran. {@code variant} tells a second
     * grading of the same exercise apart ({@code "(answers.txt)"}: its reference answers file).
     */
    public record ExerciseResult(Exercise exercise, List<TestResult> tests, String variant) {
        public ExerciseResult(Exercise exercise, List<TestResult> tests) {
            this(exercise, tests, "");
        }

        /** The exercise's name, and its variant if any. */
        public String label() { return variant.isEmpty() ? exercise.name() : exercise.name() + " " + variant; }

        public int earned() { return tests.stream().mapToInt(TestResult::earned).sum(); }
        public int max() { return tests.stream().mapToInt(TestResult::max).sum(); }
    }

    /** Everything graded, and how long it took (compiling included). */
    public record Report(List<ExerciseResult> exercises, boolean solutions, double seconds) {
        public int earned() { return exercises.stream().mapToInt(ExerciseResult::earned).sum(); }
        public int max() { return exercises.stream().mapToInt(ExerciseResult::max).sum(); }

        /** Both reports, one after the other. */
        public Report and(Report other) {
            List<ExerciseResult> all = new ArrayList<>(exercises);
            all.addAll(other.exercises());
            return new Report(all, solutions || other.solutions(), seconds + other.seconds());
        }
    }

    /** A problem with the grader or the catalog, not with the learner's work. */
    public static final class GraderException extends Exception {
        public GraderException(String message) { super(message); }
    }

    private static final String EOF = "\u0000EOF";
    private static final int SETUP_SECONDS = 60;
    private static final int GRACE_SECONDS = 10;

    private final Options options;

    public Grader(Options options) {
        this.options = options;
    }

    public Report grade(List<Exercise> exercises) throws GraderException, IOException {
        long start = System.nanoTime();
        boolean answersForm = options.solutions() && options.form() == Form.ANSWERS;
        if (answersForm) {
            // the reference answers files, alone: the exercises that have one
            exercises = exercises.stream().filter(e -> e.takesAnswers() && Files.isRegularFile(e.solutionAnswers())).toList();
        }
        Path tmp = Files.createTempDirectory("nflab-grade");
        Sandbox sandbox = Sandbox.create();
        try {
            Compiler compiler = new Compiler(options.classPath());
            Map<Exercise, ExerciseResult> failedToCompile = new HashMap<>();
            Map<Exercise, List<Path>> sourcesOf = new LinkedHashMap<>();
            Map<Exercise, List<String>> missingOf = new HashMap<>();
            // the answers file of each prediction exercise that has one, and why its Java is not asked
            Map<Exercise, Path> answersOf = new HashMap<>();
            Map<Exercise, String> noJava = new HashMap<>();
            for (Exercise e : exercises) {
                if (e.testFiles().isEmpty()) throw new GraderException(e.name() + ": no tests in " + e.testsDir());
                boolean single = exercises.size() == 1;
                Path answers = answersFile(e, single);
                if (answers != null) answersOf.put(e, answers);
                if (answersForm) {
                    noJava.put(e, "the reference answers file is graded without Java");
                    continue;
                }
                List<String> missing = new ArrayList<>();
                List<Path> sources = new ArrayList<>(gradedFiles(e, single, missing));
                if (!missing.isEmpty() && answers != null) {
                    // answered in answers.txt only: no Java to compile or run
                    noJava.put(e, "no " + String.join(", ", e.learnerFiles().stream()
                            .map(r -> r.getFileName().toString()).toList()) + " was submitted");
                    continue;
                }
                sources.addAll(Exercise.javaFiles(e.adapterDir()));
                sourcesOf.put(e, sources);
                if (!missing.isEmpty()) {
                    if (e.takesAnswers()) missing.add("or its answers (" + answersNames(e) + ")");
                    missingOf.put(e, missing);
                }
            }
            // The learner's files (or the solutions) compile apart from the tests, into the sandbox:
            // they run only there. Prediction exercises compile against the JDK alone (their code
            // needs nothing else, and gets nothing else at run time); implementation exercises
            // against the model and the exercises' support, which their sandbox holds too.
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            Path learnerRoot = Files.createDirectories(sandbox.dir.resolve("learner"));
            Map<Exercise, List<Path>> learnerPath = new HashMap<>();
            Map<Exercise, String> compileErrors = new HashMap<>();
            List<Path> plain = new ArrayList<>();
            sourcesOf.forEach((e, src) -> {
                if (!missingOf.containsKey(e) && !e.hasAdapter()) plain.addAll(src);
            });
            Path together = learnerRoot.resolve("all");
            Files.createDirectories(together);
            boolean plainTogether = !plain.isEmpty() && compiler.compile(plain, together, empty.toString()) == null;
            for (Exercise e : exercises) {
                if (noJava.containsKey(e)) {
                    learnerPath.put(e, List.of());
                    continue;
                }
                String errors;
                List<Path> cp = new ArrayList<>();
                if (missingOf.containsKey(e)) {
                    errors = null;
                } else if (!e.hasAdapter() && plainTogether) {
                    errors = null;
                    cp.add(together);
                } else {
                    Path out = Files.createDirectories(learnerRoot.resolve(e.name()));
                    cp.add(out);
                    String compileCp = empty.toString();
                    if (e.hasAdapter()) {
                        List<Path> libs = sandbox.libraries();
                        cp.addAll(libs);
                        compileCp = String.join(java.io.File.pathSeparator, libs.stream().map(Path::toString).toList());
                    }
                    errors = compiler.compile(sourcesOf.get(e), out, compileCp);
                }
                if (missingOf.containsKey(e)) {
                    failedToCompile.put(e, new ExerciseResult(e, List.of(new TestResult(e.name(),
                            "your files are there", 0, e.declaredPoints(), false,
                            "not submitted: " + String.join(", ", missingOf.get(e)), 0))));
                } else if (errors != null) {
                    if (options.solutions()) throw new GraderException(e.name() + ": the solution does not compile:\n" + errors);
                    compileErrors.put(e, errors);
                    failedToCompile.put(e, new ExerciseResult(e, List.of(new TestResult(e.name(),
                            "your files compile", 0, e.declaredPoints(), false,
                            "compilation failed, so no test could run:\n" + errors, 0))));
                } else {
                    learnerPath.put(e, cp);
                }
            }
            // The tests compile with stand-ins for the learner's classes (Stubs): the learner's
            // classes are never loaded in a JVM that decides a verdict. An exercise whose Java does
            // not compile is still graded on its answers file, if that answers something.
            Path judge = Files.createDirectories(tmp.resolve("judge"));
            Map<Exercise, Run> runs = new LinkedHashMap<>();
            List<Exercise> rescued = exercises.stream()
                    .filter(e -> compileErrors.containsKey(e) && answersOf.containsKey(e)).toList();
            List<Exercise> candidates = exercises.stream()
                    .filter(e -> learnerPath.containsKey(e) || rescued.contains(e)).toList();
            Stubs.Result stubs;
            try {
                stubs = Stubs.write(candidates, compiler, tmp.resolve("stubs"));
            } catch (GraderException ex) {
                // in the repository, the catalog's learner file is the learner's own: if it does not
                // compile, there is no stand-in to make, and the exercise fails to compile as before
                if (rescued.isEmpty()) throw ex;
                candidates = exercises.stream().filter(learnerPath::containsKey).toList();
                stubs = Stubs.write(candidates, compiler, tmp.resolve("stubs-again"));
            }
            Map<Exercise, AnswerSheet> sheets = new HashMap<>();
            for (Exercise e : candidates) {
                Path answers = answersOf.get(e);
                if (answers == null) continue;
                AnswerSheet sheet = AnswerSheet.read(answers, e.name(), stubs.questions().getOrDefault(e, List.of()));
                if (compileErrors.containsKey(e)) {
                    if (sheet.isEmpty()) continue;
                    failedToCompile.remove(e);
                    learnerPath.put(e, List.of());
                    noJava.put(e, "your Java file does not compile, so it was not asked:\n" + firstLines(compileErrors.get(e), 4));
                }
                sheets.put(e, sheet);
            }
            List<Exercise> toRun = exercises.stream().filter(learnerPath::containsKey).toList();
            if (!toRun.isEmpty()) {
                List<Path> judgeSources = new ArrayList<>();
                for (Exercise e : toRun) {
                    judgeSources.addAll(e.testFiles());
                    judgeSources.addAll(stubs.files().getOrDefault(e, List.of()));
                }
                String errors = compiler.compile(judgeSources, judge);
                if (errors != null) throw new GraderException("the exercises' tests do not compile:\n" + errors);
                for (Exercise e : toRun) {
                    Path launch = tmp.resolve("launch-" + e.name() + ".txt");
                    List<String> command = learnerPath.get(e).isEmpty() ? List.of()
                            : sandbox.command(learnerPath.get(e), exercisePackage(e));
                    Files.write(launch, command, StandardCharsets.UTF_8);
                    Path answers = null;
                    if (sheets.containsKey(e) || noJava.containsKey(e)) {
                        answers = tmp.resolve("answers-" + e.name() + ".txt");
                        Files.writeString(answers, answersPlan(sheets.get(e), noJava.get(e)), StandardCharsets.UTF_8);
                    }
                    runs.put(e, new Run(e, judge, launch, answers));
                }
            }
            long compiled = System.nanoTime();
            try {
                runAll(new ArrayList<>(runs.values()), tmp);
            } finally {
                sandbox.sweep();
            }
            if (System.getenv("NFLAB_GRADE_DEBUG") != null) {
                System.err.printf("nflab grade: compiled in %.1f s, ran in %.1f s (sandbox: %s)%n",
                        (compiled - start) / 1e9, (System.nanoTime() - compiled) / 1e9, sandbox.mode);
            }
            List<ExerciseResult> results = new ArrayList<>();
            for (Exercise e : exercises) {
                ExerciseResult r = failedToCompile.containsKey(e) ? failedToCompile.get(e) : runs.get(e).result();
                results.add(answersForm ? new ExerciseResult(e, r.tests(), "(" + AnswerSheet.FILE + ")") : r);
            }
            return new Report(results, options.solutions(), (System.nanoTime() - start) / 1e9);
        } finally {
            sandbox.sweep();
            sandbox.delete();
            deleteTree(tmp);
        }
    }

    /**
     * What the worker needs of an answers file (see {@link Worker}): its name, each question it
     * answers (the value as {@link dev.nflab.exercises.sandbox.Wire} data, or the error), each it
     * leaves blank, the problems that belong to no question, and why the Java is not asked, if so.
     */
    static String answersPlan(AnswerSheet sheet, String noJava) {
        // read by Learner.Sheet.read; values and messages escaped (Wire.escape)
        StringBuilder b = new StringBuilder();
        if (sheet != null) {
            b.append("FILE\t").append(Wire.escape(sheet.fileName())).append('\n');
            for (AnswerSheet.Answer a : sheet.answers().values()) {
                AnswerSheet.Question q = a.question();
                String head = String.join("\t", q.className(), q.method(), q.label(), String.valueOf(a.line()));
                if (a.error() != null) {
                    b.append("E\t").append(head).append('\t').append(Wire.escape(a.error())).append('\n');
                } else {
                    b.append("A\t").append(head).append('\t')
                            .append(Wire.escape(Wire.encode(a.value())))
                            .append('\n');
                }
            }
            for (String n : sheet.notes()) b.append("N\t").append(Wire.escape(n)).append('\n');
        }
        if (noJava != null) b.append("NOJAVA\t").append(Wire.escape(noJava)).append('\n');
        return b.toString();
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        if (lines.length <= n) return text.strip();
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, n)) + "\n...";
    }

    /** The names an exercise's answers file may have in a submission (for the messages). */
    static String answersNames(Exercise e) {
        return e.number() + "-" + AnswerSheet.FILE + " or " + e.name() + "/" + AnswerSheet.FILE;
    }

    /**
     * The answers file graded for {@code e}, or null: the reference one ({@code --solutions} in
     * the answers form), the learner's {@code learner/answers.txt}, or in {@code --work DIR}:
     * {@code DIR/NN-name/answers.txt}, {@code DIR/NN-name/learner/answers.txt},
     * {@code DIR/NN-answers.txt}, or when one exercise is graded {@code DIR/answers.txt}; else the
     * only file under DIR named {@code NN-answers.txt}, or {@code answers.txt} in a folder
     * {@code NN-name} (or its {@code learner/}), or (one exercise) named {@code answers.txt}.
     */
    private Path answersFile(Exercise e, boolean single) {
        if (!e.takesAnswers()) return null;
        if (options.solutions()) return options.form() == Form.ANSWERS ? e.solutionAnswers() : null;
        if (options.work() == null) return exists(e.learnerAnswers()) ? e.learnerAnswers() : null;
        Path w = options.work();
        String file = AnswerSheet.FILE;
        String numbered = e.number() + "-" + file;
        List<Path> candidates = new ArrayList<>(List.of(w.resolve(e.name()).resolve(file),
                w.resolve(e.name()).resolve("learner").resolve(file), w.resolve(numbered)));
        if (single) candidates.add(w.resolve(file));
        for (Path p : candidates) if (exists(p) && inside(p, w)) return p;
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> s = Files.walk(w, 6)) {
            s.filter(p -> {
                String n = p.getFileName() == null ? "" : p.getFileName().toString();
                if (n.equals(numbered)) return true;
                if (!n.equals(file)) return false;
                Path parent = p.getParent();
                if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("learner")) {
                    parent = parent.getParent();
                }
                return single || (parent != null && parent.getFileName() != null
                        && parent.getFileName().toString().equals(e.name()));
            }).limit(2).forEach(hits::add);
        } catch (IOException | UncheckedIOException ex) {
            return null;
        }
        return hits.size() == 1 && inside(hits.get(0), w) ? hits.get(0) : null;
    }

    /** Whether {@code p}'s folder is really under {@code dir} (not reached through a linked folder). */
    private static boolean inside(Path p, Path dir) {
        try {
            Path parent = p.toAbsolutePath().getParent();
            return parent != null && parent.toRealPath().startsWith(dir.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean exists(Path p) {
        return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** The package of an exercise's tests (the learner's stack frames are shown from it). */
    private static String exercisePackage(Exercise e) {
        List<String> classes = e.testClasses();
        if (classes.isEmpty()) return "";
        String n = classes.get(0);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(0, dot);
    }

    /** The files graded for {@code e}: the reference solution, or the learner's (from --work if given). */
    private List<Path> gradedFiles(Exercise e, boolean single, List<String> missing) {
        if (options.solutions()) return Exercise.javaFiles(e.solutionDir());
        List<Path> files = new ArrayList<>();
        for (Path rel : e.learnerFiles()) {
            if (options.work() == null) {
                files.add(e.learnerDir().resolve(rel));
                continue;
            }
            Path w = options.work();
            List<Path> candidates = new ArrayList<>(List.of(w.resolve(e.name()).resolve(rel),
                    w.resolve(e.name()).resolve("learner").resolve(rel)));
            // the file straight in DIR, or anywhere under it when only one file has that name (a
            // Gradescope upload keeps the learner's folders); file names differ between exercises
            candidates.add(w.resolve(rel));
            candidates.add(w.resolve(rel.getFileName()));
            Path found = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
            if (found == null) found = uniqueUnder(w, rel.getFileName().toString());
            if (found == null) {
                missing.add(rel + " (looked in " + candidates.get(0).getParent() + " and under " + w + ")");
            } else {
                files.add(found);
            }
        }
        return files;
    }

    private static Path uniqueUnder(Path dir, String fileName) {
        try (Stream<Path> s = Files.walk(dir, 6)) {
            List<Path> hits = s.filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p))
                    .limit(2).toList();
            return hits.size() == 1 ? hits.get(0) : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    // ---- running the tests in worker JVMs -------------------------------------------------------

    /** The tests of one exercise as the workers report them. */
    private static final class Run {
        final Exercise exercise;
        final Path classes;
        final Path launch;
        final Path answers;
        final Map<String, Test> tests = new LinkedHashMap<>();
        final Map<String, String> containerFailures = new LinkedHashMap<>();
        boolean complete;

        Run(Exercise exercise, Path classes, Path launch, Path answers) {
            this.exercise = exercise;
            this.classes = classes;
            this.launch = launch;
            this.answers = answers;
        }

        ExerciseResult result() {
            List<TestResult> list = new ArrayList<>();
            for (Test t : tests.values()) {
                if (t.result == null) {
                    String why = "did not run";
                    for (Map.Entry<String, String> c : containerFailures.entrySet()) {
                        if (t.uid.startsWith(c.getKey())) why = "did not run: " + c.getValue();
                    }
                    t.result = new TestResult(exercise.name(), t.name, 0, t.points, false, why, 0);
                }
                list.add(t.result);
            }
            if (list.isEmpty()) {
                String why = containerFailures.isEmpty() ? "no test ran" : String.join("\n", containerFailures.values());
                list.add(new TestResult(exercise.name(), "the tests run", 0, exercise.declaredPoints(), false, why, 0));
            }
            return new ExerciseResult(exercise, list);
        }
    }

    private static final class Test {
        final String uid;
        final String name;
        final int points;
        final int seconds;
        TestResult result;

        Test(String uid, String name, int points, int seconds) {
            this.uid = uid;
            this.name = name;
            this.points = points;
            this.seconds = seconds;
        }
    }

    private void runAll(List<Run> runs, Path tmp) throws GraderException, IOException {
        if (runs.isEmpty()) return;
        int n = Math.min(options.workers(), runs.size());
        List<List<Run>> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) groups.add(new ArrayList<>());
        // Spread the exercises over the workers, biggest first (by test-source size, a fair proxy).
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong((Run r) -> size(r.exercise)).reversed());
        long[] load = new long[n];
        for (Run r : sorted) {
            int best = 0;
            for (int i = 1; i < n; i++) if (load[i] < load[best]) best = i;
            groups.get(best).add(r);
            load[best] += size(r.exercise);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Run> g = groups.get(i);
                Path dir = tmp.resolve("worker-" + i);
                futures.add(pool.submit(() -> {
                    runGroup(g, dir);
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof GraderException g) throw g;
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new GraderException("grader failure: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GraderException("interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long size(Exercise e) {
        long s = 0;
        for (Path p : e.testFiles()) {
            try {
                s += Files.size(p);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return s;
    }

    private void runGroup(List<Run> group, Path dir) throws GraderException, IOException, InterruptedException {
        Files.createDirectories(dir);
        Map<String, Run> byName = new HashMap<>();
        for (Run r : group) byName.put(r.exercise.name(), r);
        int launches = 0;
        while (true) {
            List<Run> todo = group.stream().filter(r -> !r.complete).toList();
            if (todo.isEmpty()) return;
            if (++launches > 200) throw new GraderException("the test workers keep failing; giving up");
            Path plan = dir.resolve("plan-" + launches + ".txt");
            StringBuilder b = new StringBuilder();
            b.append("SECONDS\t").append(options.defaultSeconds()).append('\n');
            if (options.reveal()) b.append("REVEAL\n");
            for (Run r : todo) {
                b.append("EX\t").append(r.exercise.name()).append('\t').append(r.classes).append('\t')
                        .append(String.join(",", r.exercise.testClasses())).append('\t').append(r.launch).append('\t')
                        .append(r.answers == null ? "-" : r.answers.toString()).append('\n');
                for (Test t : r.tests.values()) if (t.result != null) b.append("SKIP\t").append(t.uid).append('\n');
            }
            Files.writeString(plan, b.toString(), StandardCharsets.UTF_8);
            runWorker(plan, byName);
        }
    }

    /** Runs one worker JVM until it finishes, dies, or a test overruns its time limit. */
    private void runWorker(Path plan, Map<String, Run> runs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-Xss4m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-cp", options.classPath(),
                Worker.class.getName(), plan.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        OutputTail stderr = new OutputTail(2000);
        Thread out = pump(p.getInputStream(), lines);
        Thread err = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(stderr);
            } catch (IOException ignored) {
                // the worker is gone
            }
        });
        err.setDaemon(true);
        err.start();

        Run currentRun = null;
        Test current = null;
        long started = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_SECONDS);
        Set<String> seen = new HashSet<>();
        try {
            while (true) {
                long wait = deadline - System.nanoTime();
                String line = wait <= 0 ? null : lines.poll(wait, TimeUnit.NANOSECONDS);
                if (line == null) {
                    p.destroyForcibly().waitFor();
                    if (current != null) {
                        fail(currentRun, current, "stopped after " + limit(current)
                                + " s, its time limit: does your code loop forever?", started);
                    } else if (currentRun != null) {
                        abandon(currentRun, "the tests' setup took longer than " + SETUP_SECONDS + " s and was stopped");
                    } else {
                        for (Run r : runs.values()) if (!r.complete) abandon(r, "the test worker did not start: " + stderr.text());
                    }
                    return;
                }
                if (line.equals(EOF)) {
                    int status = p.waitFor();
                    err.join(2000);
                    if (current != null) {
                        fail(currentRun, current, "the JVM running the tests ended during this test (exit status "
                                + status + "): does your code call System.exit? " + tail(stderr), started);
                    } else if (currentRun != null) {
                        abandon(currentRun, "the JVM running the tests ended outside a test (exit status " + status
                                + "): does your code call System.exit in a static initializer? " + tail(stderr));
                    } else {
                        for (Run r : runs.values()) {
                            if (!r.complete) abandon(r, "the test worker failed (exit status " + status + "): " + stderr.text());
                        }
                    }
                    return;
                }
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "EXSTART" -> {
                        currentRun = runs.get(f[1]);
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_SECONDS);
                    }
                    case "EXDONE" -> {
                        Run r = runs.get(f[1]);
                        r.complete = true;
                        currentRun = null;
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_SECONDS);
                    }
                    case "TEST" -> {
                        Run r = runs.get(f[1]);
                        if (!r.tests.containsKey(f[2])) {
                            r.tests.put(f[2], new Test(f[2], Worker.unescape(f[5]), Integer.parseInt(f[3]),
                                    Integer.parseInt(f[4])));
                        }
                    }
                    case "START" -> {
                        currentRun = runs.get(f[1]);
                        current = currentRun.tests.get(f[2]);
                        started = System.nanoTime();
                        // the worker stops the learner's code at the limit itself; this is the backstop
                        deadline = started + TimeUnit.SECONDS.toNanos(limit(current) + GRACE_SECONDS);
                    }
                    case "END" -> {
                        Run r = runs.get(f[1]);
                        Test t = r.tests.get(f[2]);
                        boolean pass = f[3].equals("PASS");
                        long began = current == t ? started : System.nanoTime();
                        t.result = new TestResult(r.exercise.name(), t.name, pass ? t.points : 0, t.points, pass,
                                Worker.unescape(f[4]), (System.nanoTime() - began) / 1e9);
                        current = null;
                        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETUP_SECONDS);
                    }
                    case "CFAIL" -> runs.get(f[1]).containerFailures.put(f[2], Worker.unescape(f[3]));
                    case "DONE" -> {
                        for (Run r : runs.values()) r.complete = true;
                        p.waitFor(10, TimeUnit.SECONDS);
                        return;
                    }
                    default -> seen.add(line);
                }
            }
        } finally {
            if (p.isAlive()) p.destroyForcibly();
            out.interrupt();
        }
    }

    private int limit(Test t) {
        return t.seconds > 0 ? t.seconds : options.defaultSeconds();
    }

    private static String tail(OutputTail stderr) {
        String s = stderr.text().strip();
        return s.isEmpty() ? "" : "\n(the JVM printed: " + s + ")";
    }

    private static void fail(Run r, Test t, String message, long started) {
        t.result = new TestResult(r.exercise.name(), t.name, 0, t.points, false, message,
                (System.nanoTime() - started) / 1e9);
    }

    /** Gives up on an exercise's remaining tests (the worker died outside any test). */
    private static void abandon(Run r, String message) {
        for (Test t : r.tests.values()) {
            if (t.result == null) t.result = new TestResult(r.exercise.name(), t.name, 0, t.points, false, message, 0);
        }
        if (r.tests.isEmpty()) r.containerFailures.put("", message);
        r.complete = true;
    }

    private static Thread pump(InputStream in, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.add(line);
            } catch (IOException ignored) {
                // the worker was killed
            } finally {
                lines.add(EOF);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
