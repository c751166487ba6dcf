package dev.nflab.exercises.grader;

import dev.nflab.exercises.sandbox.OutputTail;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.FilterResult;
import dev.nflab.exercises.support.Learner;

/**
 * The child JVM that runs the compiled tests. It never loads the learner's classes: the tests
 * reach the learner's code through {@link Learner}, which runs it in a sandboxed JVM of its own
 * (see {@link Sandbox}) and gets back plain values; this JVM compares them with the model's and
 * decides. A learner's endless loop or {@code System.exit} ends only the sandbox (stopped at the
 * test's time limit); the parent ({@link Grader}) still stops this JVM if it ever overruns, and
 * then starts a new worker that skips the tests already done.
 *
 * <p>It reads a plan file: {@code SECONDS <default limit>}, {@code REVEAL} (show expected answers),
 * one line per exercise, {@code EX <name> <classes dir> <test classes,> <sandbox command file>
 * <answers plan file or ->} (the answers file as the grader read it: see {@link Learner.Sheet}),
 * and {@code SKIP <unique id>} lines for the tests already done. It writes one line per event on
 * its original standard output (tab-separated, escaped); the learner's own output goes to a buffer.
 * <pre>
 *   TEST  ex uid points seconds name     a test that will run (or was skipped as done)
 *   START ex uid                         the test starts
 *   END   ex uid PASS|FAIL message       the test ended
 *   CFAIL ex uid message                 a container (class) failed: its tests did not run
 *   DONE                                 everything ran
 * </pre>
 */
public final class Worker {
    private static final int OUTPUT_TAIL = 1500;
    private static int defaultSeconds = 10;
    private static final java.util.Map<String, Integer> LIMITS = new java.util.HashMap<>();

    private Worker() {}

    public static void main(String[] args) throws Exception {
        PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        OutputTail output = new OutputTail(OUTPUT_TAIL);
        PrintStream captured = new PrintStream(output, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);

        List<String> plan = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Set<String> skip = new HashSet<>();
        for (String line : plan) {
            if (line.startsWith("SKIP\t")) skip.add(line.substring(5));
            if (line.startsWith("SECONDS\t")) defaultSeconds = Integer.parseInt(line.substring(8));
            if (line.equals("REVEAL")) System.setProperty("nflab.reveal", "true");
        }
        Launcher launcher = LauncherFactory.create();
        for (String line : plan) {
            if (!line.startsWith("EX\t")) continue;
            String[] f = line.split("\t");
            String[] tests = f.length > 3 ? f[3].split(",") : new String[0];
            List<String> sandbox = f.length > 4 ? Files.readAllLines(Path.of(f[4]), StandardCharsets.UTF_8) : List.of();
            Learner.Sheet answers = f.length > 5 && !f[5].equals("-")
                    ? Learner.Sheet.read(Files.readAllLines(Path.of(f[5]), StandardCharsets.UTF_8)) : null;
            try {
                Learner.open(sandbox, exercisePackage(tests), answers);
                runExercise(launcher, f[1], Path.of(f[2]), tests, skip, proto, output);
            } finally {
                Learner.close();
            }
        }
        proto.println("DONE");
        proto.flush();
        // Learner code may have left non-daemon threads running: they must not keep this JVM alive.
        Runtime.getRuntime().halt(0);
    }

    private static void runExercise(Launcher launcher, String exercise, Path classes, String[] testClasses,
                                    Set<String> skip, PrintStream proto, OutputTail output) throws Exception {
        proto.println("EXSTART\t" + exercise);
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                Worker.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        List<ClassSelector> selectors = new ArrayList<>();
        for (String name : testClasses) {
            if (!name.isBlank()) selectors.add(selectClass(Class.forName(name, false, loader)));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("junit.jupiter.testmethod.order.default",
                        "org.junit.jupiter.api.MethodOrderer$DisplayName")
                .filters((PostDiscoveryFilter) d -> skip.contains(d.getUniqueId().toString())
                        ? FilterResult.excluded("done") : FilterResult.included("to do"))
                .build();
        TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("junit.jupiter.testmethod.order.default",
                        "org.junit.jupiter.api.MethodOrderer$DisplayName").build());
        for (TestIdentifier root : plan.getRoots()) listTests(plan, root, exercise, loader, proto);

        launcher.execute(request, new TestExecutionListener() {
            @Override public void executionStarted(TestIdentifier id) {
                if (!id.isTest()) return;
                output.reset();
                int limit = LIMITS.getOrDefault(id.getUniqueId(), 0);
                Learner.startTest(limit > 0 ? limit : defaultSeconds);
                proto.println(String.join("\t", "START", exercise, id.getUniqueId()));
            }

            @Override public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    proto.println(String.join("\t", "END", exercise, id.getUniqueId(), "FAIL",
                            escape("skipped: " + reason)));
                }
            }

            @Override public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                Throwable t = result.getThrowable().orElse(null);
                if (id.isTest()) {
                    boolean pass = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                    String msg = pass ? "" : Messages.describe(t, exercisePackage(testClasses));
                    String out = Learner.printed();
                    if (!pass && !out.isBlank()) msg += "\n(your code printed: " + out.strip() + ")";
                    if (!pass) msg += Learner.answersNote();
                    proto.println(String.join("\t", "END", exercise, id.getUniqueId(), pass ? "PASS" : "FAIL",
                            escape(msg)));
                } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    proto.println(String.join("\t", "CFAIL", exercise, id.getUniqueId(),
                            escape(Messages.describe(t, exercisePackage(testClasses)))));
                }
            }
        });
        proto.println("EXDONE\t" + exercise);
    }

    private static String exercisePackage(String[] testClasses) {
        if (testClasses.length == 0) return "";
        String n = testClasses[0];
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(0, dot);
    }

    private static void listTests(TestPlan plan, TestIdentifier id, String exercise, ClassLoader loader,
                                  PrintStream proto) {
        if (id.isTest()) {
            int points = 1;
            int seconds = 0;
            if (id.getSource().orElse(null) instanceof MethodSource ms) {
                Points p = pointsOf(ms, loader);
                if (p != null) {
                    points = p.value();
                    seconds = p.seconds();
                }
            }
            LIMITS.put(id.getUniqueId(), seconds);
            proto.println(String.join("\t", "TEST", exercise, id.getUniqueId(), String.valueOf(points),
                    String.valueOf(seconds), escape(id.getDisplayName())));
        }
        for (TestIdentifier child : plan.getChildren(id)) listTests(plan, child, exercise, loader, proto);
    }

    private static Points pointsOf(MethodSource ms, ClassLoader loader) {
        try {
            Class<?> c = Class.forName(ms.getClassName(), false, loader);
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(ms.getMethodName()) && m.isAnnotationPresent(Points.class)) {
                    return m.getAnnotation(Points.class);
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return null;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> { }
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

}
