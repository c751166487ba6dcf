package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every hostile submission of src/test/resources/hostile (Java files, answers files, or both) scores
 * exactly what its honest part earns
 * (the questions its first line names, at the points the reference solution earns for them), in the
 * terminal and in results.json; results.json is unchanged 10 s after grading; no process of the
 * learner's user survives grading; the catalog is unchanged; nothing reaches the host's sockets.
 */
class HostileSubmissionsTest {
    static final Path ROOT = Path.of(System.getProperty("nflab.root", "..")).toAbsolutePath().normalize();
    static final Path CATALOG = ROOT.resolve("exercises/catalog");
    static final Path HOSTILE = ROOT.resolve("exercises/src/test/resources/hostile");
    /** Where the attacks look for results (an attacker may know the path: Gradescope's is fixed). */
    static final Path RESULTS_DIR = Path.of("/tmp/nflab-hostile");

    @Test
    void hostileSubmissionsScoreOnlyTheirHonestPart() throws Exception {
        Sandbox.Mode mode = probeMode();
        Assumptions.assumeTrue(mode != Sandbox.Mode.NONE,
                "no namespaces on this machine: the grader cannot protect itself here (see exercises/README.md)");
        Exercise ex = Exercise.select(Exercise.catalog(CATALOG), "01").get(0);
        Map<String, Integer> pointsOf = new LinkedHashMap<>();
        Grader.Report reference = new Grader(Grader.Options.defaults(CATALOG).withSolutions(true)).grade(List.of(ex));
        for (TestResult t : reference.exercises().get(0).tests()) {
            assertEquals(t.max(), t.earned(), "the solution earns " + t.name());
            pointsOf.put(t.name().split(" ")[0].toLowerCase(), t.max());
        }
        String catalogBefore = digest(CATALOG);
        List<String> kinds;
        try (Stream<Path> s = Files.list(HOSTILE)) {
            kinds = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(kinds.size() >= 12, "at least 12 kinds of hostile submissions: " + kinds);

        AtomicInteger reached = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        try (ServerSocket listener = new ServerSocket(47123, 50, InetAddress.getByName("0.0.0.0"))) {
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        reached.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            Map<String, String> written = new LinkedHashMap<>();
            for (String kind : kinds) {
                Path work = HOSTILE.resolve(kind);
                // the honest part is named on the first line of NatTable.java, or of answers.txt when
                // the submission is an answers file alone
                Path file = work.resolve("01-nat-table/NatTable.java");
                if (!Files.exists(file)) file = work.resolve("01-nat-table/answers.txt");
                String first = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
                assertTrue(first.matches("(//|#) honest:.*"), file + " starts with // honest: ... (or # honest: ...)");
                int expected = 0;
                for (String q : first.substring(first.indexOf(':') + 1).trim().split("\\s+")) {
                    if (!q.isEmpty()) expected += pointsOf.get(q);
                }
                Files.createDirectories(RESULTS_DIR);
                Path json = RESULTS_DIR.resolve("results.json");
                Files.deleteIfExists(json);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long start = System.nanoTime();
                int status = Main.run(new String[] {"01", "--work", work.toString(), "--json", json.toString(),
                        "--timeout", "4", "--catalog", CATALOG.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
                double seconds = (System.nanoTime() - start) / 1e9;
                String table = out.toString(StandardCharsets.UTF_8);
                assertEquals(0, status, kind + ":\n" + table);
                String text = Files.readString(json);
                JsonObject o = JsonParser.parseString(text).getAsJsonObject();
                int score = o.get("score").getAsInt();
                summary.append(String.format("%-28s expected %2d  scored %2d  (%.1f s)%n", kind, expected, score, seconds));
                if (score != expected || !table.contains("TOTAL " + expected + "/12")) {
                    failures.add(kind + ": expected " + expected + ", scored " + score + "\n" + table);
                }
                if (mode == Sandbox.Mode.ROOT) {
                    // a process killed at the end of grading leaves the process table once reaped:
                    // give the kernel up to 3 s before calling it left behind
                    List<Long> left = learnerProcesses();
                    for (int i = 0; i < 30 && !left.isEmpty(); i++) {
                        Thread.sleep(100);
                        left = learnerProcesses();
                    }
                    if (!left.isEmpty()) failures.add(kind + ": processes of " + Sandbox.USER + " left: " + left);
                }
                // keep this result aside, and check it again after the others (and 10 s)
                Path keep = RESULTS_DIR.resolve(kind + ".json");
                Files.writeString(keep, text);
                written.put(kind, text);
                Files.move(json, RESULTS_DIR.resolve(kind + ".graded.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Thread.sleep(10_000);
            for (Map.Entry<String, String> w : written.entrySet()) {
                String now = Files.readString(RESULTS_DIR.resolve(w.getKey() + ".graded.json"));
                if (!now.equals(w.getValue())) failures.add(w.getKey() + ": results.json changed after grading");
            }
            if (Files.exists(RESULTS_DIR.resolve("results.json"))) {
                failures.add("something wrote " + RESULTS_DIR.resolve("results.json") + " after grading");
            }
        } finally {
            deleteTree(RESULTS_DIR);
        }
        System.out.print(summary);
        assertEquals(0, reached.get(), "a submission reached a socket of the host");
        assertEquals(catalogBefore, digest(CATALOG), "the catalog is unchanged");
        assertTrue(failures.isEmpty(), String.join("\n\n", failures) + "\n" + summary);
    }

    private static List<Long> learnerProcesses() {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().user().map(Sandbox.USER::equals).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    static Sandbox.Mode probeMode() throws Exception {
        Sandbox s = Sandbox.create();
        try {
            return s.mode;
        } finally {
            s.delete();
        }
    }

    static String digest(Path dir) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                md.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void deleteTree(Path dir) {
        Sandbox.deleteTree(dir);
    }
}
