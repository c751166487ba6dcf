package dev.nflab.exercises.support;

import dev.nflab.exercises.sandbox.OutputTail;

import dev.nflab.exercises.sandbox.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The grader's side of the learner's code. The learner's files never run in the grader's JVM: they
 * run in a sandboxed JVM (see exercises/README.md, "How grading is protected"), and a test reaches
 * them only through {@link #call}, which sends the arguments as plain data and gets back the value
 * as plain data ({@link Wire}), or the learner's exception as a message.
 *
 * <p>The grader generates, for the learner's classes whose methods are all static and take no
 * argument (the prediction exercises), a class of the same name whose methods call this, so that
 * tests read {@code NatTable.q1()}. Implementation exercises call an adapter of theirs
 * ({@code adapter/} beside {@code tests/}) that runs in the sandbox beside the learner's code.
 *
 * <p>A prediction exercise may also be answered in a plain-text answers file ({@code answers.txt},
 * read by the grader: {@code dev.nflab.exercises.grader.AnswerSheet}): the worker hands its
 * answers here ({@link Sheet}), and a question the file answers is answered from it, without
 * asking the learner's code; a question it leaves blank is asked of the Java as before.
 *
 * <p>Whatever comes back is the learner's answer and nothing more: the verdict is the test's, here.
 */
public final class Learner {
    private static final int MAX_LINE = 8 << 20;
    private static final long MAX_BYTES_PER_CALL = 64L << 20; // on the protocol channel, over the sandbox's life
    private static final String EOF = "\u0000EOF";
    private static final String OVERLONG = "\u0000OVERLONG";

    private static List<String> command;
    private static String exercisePackage = "";
    private static Process process;
    private static OutputStream requests;
    private static BlockingQueue<String> replies;
    private static OutputTail stderr;
    private static long deadline = Long.MAX_VALUE;
    private static int limitSeconds;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final StringBuilder printed = new StringBuilder();
    private static Sheet sheet;
    /** The file's answers the current test used. */
    private static final List<FileAnswer> used = new ArrayList<>();
    /** Starts the sandboxes from one long-lived thread (a child's parent-death signal follows its parent thread). */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nflab-sandbox-launcher");
        t.setDaemon(true);
        return t;
    });

    /** The grader could not start the learner's sandbox: a problem of the grader's, not of the learner's. */
    public static final class SandboxFailure extends Error {
        public SandboxFailure(String message) {
            super(message);
        }
    }

    private Learner() {}

    /**
     * One answer of an answers file, as the grader read it: the value the learner's method would
     * have returned, or the error its question fails with.
     */
    public record FileAnswer(String label, int line, Object value, String error) {}

    /**
     * An answers file as the grader read it (the worker's answers plan): its name, its answers by
     * {@code class#method}, the problems that belong to no question, and why the Java is not
     * asked at all, if so (no Java file, or one that does not compile).
     * <pre>
     *   FILE   name
     *   A      class method label line value      (value: escaped Wire data)
     *   E      class method label line message    (message escaped)
     *   N      note
     *   NOJAVA why
     * </pre>
     */
    public record Sheet(String fileName, Map<String, FileAnswer> answers, List<String> notes, String noJava) {
        public static Sheet read(List<String> plan) {
            String name = "answers.txt";
            Map<String, FileAnswer> answers = new LinkedHashMap<>();
            List<String> notes = new ArrayList<>();
            String noJava = null;
            for (String line : plan) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "FILE" -> name = Wire.unescape(f[1]);
                    case "A" -> answers.put(f[1] + "#" + f[2], new FileAnswer(f[3], Integer.parseInt(f[4]),
                            Wire.decode(Wire.unescape(f[5])), null));
                    case "E" -> answers.put(f[1] + "#" + f[2], new FileAnswer(f[3], Integer.parseInt(f[4]), null,
                            Wire.unescape(f[5])));
                    case "N" -> notes.add(Wire.unescape(f[1]));
                    case "NOJAVA" -> noJava = Wire.unescape(f[1]);
                    default -> { }
                }
            }
            return new Sheet(name, answers, notes, noJava);
        }
    }

    /**
     * The worker: the learner's code of the next exercise runs with {@code argv} (started now, to be
     * warm, unless an answers file answers some questions: then when a question needs it); empty
     * when there is no Java to run. {@code answers}: its answers file, or null.
     */
    public static synchronized void open(List<String> argv, String pkg, Sheet answers) {
        close();
        command = argv.isEmpty() ? null : List.copyOf(argv);
        exercisePackage = pkg;
        sheet = answers;
        if (command == null || (answers != null && !answers.answers().isEmpty())) return;
        try {
            start();
        } catch (SandboxFailure e) {
            process = null; // reported by the first call
        }
    }

    /** The name of the exercise's answers file, or null when it has none. */
    public static synchronized String answersFile() {
        return sheet == null ? null : sheet.fileName();
    }

    /**
     * For the feedback of a failed test: where its answers came from in the answers file, and the
     * file's problems that belong to no question (empty when the test used no answers file).
     */
    public static synchronized String answersNote() {
        if (sheet == null) return "";
        StringBuilder b = new StringBuilder();
        for (FileAnswer a : used) {
            if (a.error() == null) b.append("\n(").append(a.label()).append(" was read from ").append(sheet.fileName())
                    .append(':').append(a.line()).append(')');
        }
        if (!sheet.notes().isEmpty()) {
            b.append("\n(problems of ").append(sheet.fileName()).append(" that belong to no question:");
            for (String n : sheet.notes()) b.append("\n  ").append(n);
            b.append(')');
        }
        return b.toString();
    }

    /** The worker: a test starts with this time limit (its learner calls share it). */
    public static synchronized void startTest(int seconds) {
        limitSeconds = seconds;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        printed.setLength(0);
        used.clear();
    }

    /** What the learner's code printed during the current test (empty if nothing). */
    public static synchronized String printed() {
        return printed.toString();
    }

    /** Ends the learner's sandbox, every process in it included. */
    public static synchronized void close() {
        kill();
        command = null;
        sheet = null;
        used.clear();
    }

    /**
     * Calls {@code className.method(args)} in the learner's sandbox and returns its value as a
     * {@code type}. Fails the test (an {@link AssertionError}) when the learner's code throws, runs
     * past the test's time limit, ends its JVM or answers with a value of another type.
     */
    public static synchronized Object call(Class<?> type, String className, String method, Object... args) {
        String what = className.substring(className.lastIndexOf('.') + 1) + "." + method + "()";
        if (sheet != null && args.length == 0) {
            // answered in the answers file: the Java is not asked
            FileAnswer a = sheet.answers().get(className + "#" + method);
            if (a != null) {
                used.add(a);
                if (a.error() != null) throw new AssertionError(a.error());
                if (a.value() != null && !box(type).isInstance(a.value())) {
                    throw new AssertionError(sheet.fileName() + ":" + a.line() + ": " + a.label() + " answered a "
                            + a.value().getClass().getSimpleName() + ", not a " + box(type).getSimpleName());
                }
                return a.value();
            }
            if (sheet.noJava() != null) {
                String label = Character.toUpperCase(method.charAt(0)) + method.substring(1);
                throw new AssertionError(label + ": not answered yet: write your answer after \"" + label + ":\" in "
                        + sheet.fileName() + " (" + sheet.noJava() + ")");
            }
        }
        if (command == null) throw new SandboxFailure("no sandbox configured for the learner's code");
        if (process == null || !process.isAlive()) start();
        // A fresh random id per call: lines the learner's code wrote before this request (for
        // calls to come) cannot be taken for its answer.
        String id = Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
        replies.clear();
        try {
            String request = "CALL\t" + id + "\t" + className + "\t" + method + "\t"
                    + Wire.escape(Wire.encode(Arrays.asList(args))) + "\n";
            requests.write(request.getBytes(StandardCharsets.UTF_8));
            requests.flush();
        } catch (IOException e) {
            // the JVM is gone: its end is reported below
        }
        while (true) {
            long wait = deadline - System.nanoTime();
            String line;
            try {
                line = wait <= 0 ? null : replies.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new AssertionError("interrupted while waiting for " + what);
            }
            if (line == null) {
                kill();
                throw new AssertionError("stopped after " + limitSeconds + " s, its time limit: does your code loop"
                        + " forever (or wait, or sleep)? (in " + what + ")");
            }
            if (line.equals(EOF) || line.equals("EXIT")) {
                String err = stderr.text().strip();
                int status = exitStatus();
                kill();
                throw new AssertionError("your code ended its JVM while running " + what + " (System.exit, "
                        + "Runtime.halt, a crash or a limit reached; exit status " + status + ")"
                        + (err.isEmpty() ? "" : "\n(the JVM printed: " + cut(err) + ")"));
            }
            if (line.equals(OVERLONG)) {
                kill();
                throw new AssertionError("your code printed too much (more than " + (MAX_BYTES_PER_CALL >> 20)
                        + " MB) while running " + what);
            }
            String[] f = line.split("\t", -1);
            if (f.length < 4 || !f[1].equals(id)) continue;
            if (f[0].equals("RET")) {
                printed(Wire.unescape(f[3]));
                Object value;
                try {
                    value = Wire.toEnums(Wire.decode(Wire.unescape(f[2])), Learner.class.getClassLoader());
                } catch (RuntimeException e) {
                    throw new AssertionError("the answer of " + what + " could not be read: " + e.getMessage());
                }
                Class<?> boxed = box(type);
                if (value != null && !boxed.isInstance(value)) {
                    throw new AssertionError(what + " answered a " + value.getClass().getSimpleName() + ", not a "
                            + boxed.getSimpleName() + ": " + value);
                }
                return value;
            }
            if (f[0].equals("EXC")) {
                printed(Wire.unescape(f[3]));
                throw new AssertionError(Wire.unescape(f[2]));
            }
        }
    }

    private static void printed(String s) {
        if (s.isEmpty()) return;
        if (printed.length() > 0) printed.append('\n');
        printed.append(s);
        if (printed.length() > 3000) printed.delete(0, printed.length() - 1500);
    }

    private static String cut(String s) {
        return s.length() > 1500 ? "..." + s.substring(s.length() - 1500) : s;
    }

    private static int exitStatus() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) return c;
        if (c == int.class) return Integer.class;
        if (c == long.class) return Long.class;
        if (c == boolean.class) return Boolean.class;
        if (c == char.class) return Character.class;
        if (c == double.class) return Double.class;
        if (c == float.class) return Float.class;
        if (c == short.class) return Short.class;
        if (c == byte.class) return Byte.class;
        return Void.class;
    }

    private static void start() {
        kill();
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        Process p;
        try {
            p = LAUNCHER.submit(pb::start).get();
        } catch (Exception e) {
            throw new SandboxFailure("cannot start the sandbox for the learner's code (" + command.get(0) + "): " + e);
        }
        process = p;
        requests = p.getOutputStream();
        replies = new LinkedBlockingQueue<>();
        stderr = new OutputTail(2000);
        BlockingQueue<String> q = replies;
        OutputTail err = stderr;
        Thread out = new Thread(() -> readLines(p.getInputStream(), q), "nflab-learner-stdout");
        out.setDaemon(true);
        out.start();
        Thread e = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(err);
            } catch (IOException ignored) {
                // the JVM is gone
            }
        }, "nflab-learner-stderr");
        e.setDaemon(true);
        e.start();
    }

    /** Reads the sandbox's lines, each at most MAX_LINE bytes; too much output ends it. */
    private static void readLines(InputStream in, BlockingQueue<String> q) {
        byte[] buf = new byte[65536];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long total = 0;
        boolean skipping = false;
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_BYTES_PER_CALL) {
                    q.add(OVERLONG);
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        if (!skipping) q.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        skipping = false;
                        if (q.size() > 10_000) q.poll();
                    } else if (!skipping) {
                        line.write(buf[i]);
                        if (line.size() > MAX_LINE) {
                            line.reset();
                            skipping = true;
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // killed
        } finally {
            q.add(EOF);
        }
    }

    private static void kill() {
        Process p = process;
        process = null;
        if (p == null) return;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
