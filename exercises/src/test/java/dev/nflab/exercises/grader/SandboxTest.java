package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learner code that loops forever, calls System.exit or throws costs only that test's points;
 * a learner file that does not compile costs only its exercise. The sandbox catalog is in
 * src/test/resources/sandbox-catalog.
 */
class SandboxTest {
    static final Path CATALOG = Path.of(System.getProperty("nflab.root", "..")).toAbsolutePath().normalize()
            .resolve("exercises/src/test/resources/sandbox-catalog");

    static Map<String, TestResult> byName(Grader.ExerciseResult r) {
        Map<String, TestResult> m = new HashMap<>();
        for (TestResult t : r.tests()) m.put(t.name(), t);
        return m;
    }

    @Test
    void misbehavingLearnerCodeCostsOnlyItsTest() throws Exception {
        List<Exercise> all = Exercise.catalog(CATALOG);
        Grader.Report report = new Grader(Grader.Options.defaults(CATALOG).withSeconds(20)).grade(all);
        System.out.print(ReportWriter.table(report));
        Map<String, TestResult> t = byName(report.exercises().get(0));
        assertEquals(6, t.size(), "every test of the sandbox ran: " + t.keySet());
        assertTrue(t.get("a correct answer").passed(), t.get("a correct answer").message());
        assertTrue(t.get("after the endless loop").passed(), "the tests after a killed worker still run");
        assertTrue(t.get("after System.exit").passed(), "the tests after System.exit still run");
        TestResult loop = t.get("an endless loop");
        assertEquals(0, loop.earned());
        assertTrue(loop.message().contains("time limit"), loop.message());
        TestResult exit = t.get("System.exit");
        assertEquals(0, exit.earned());
        assertTrue(exit.message().contains("System.exit"), exit.message());
        TestResult thrown = t.get("an exception");
        assertEquals(0, thrown.earned());
        assertTrue(thrown.message().contains("IllegalStateException") && thrown.message().contains("Sandbox.java"),
                thrown.message());
        assertEquals(3 + 2 + 2, report.exercises().get(0).earned());

        Grader.ExerciseResult broken = report.exercises().get(1);
        assertEquals(0, broken.earned());
        assertEquals(4, broken.max(), "points read from the tests' sources");
        assertTrue(broken.tests().get(0).message().contains("compilation failed"), broken.tests().get(0).message());
    }

    @Test
    void theCommandLineWritesGradescopeJsonAndFailsOnlyOnGraderErrors(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/results.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"01", "--solutions", "--json", json.toString(), "--catalog", CATALOG.toString(),
                "--timeout", "20"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(10, o.get("max_score").getAsInt());
        assertEquals(10, o.get("score").getAsInt());
        assertEquals(6, o.getAsJsonArray("tests").size());
        JsonObject first = o.getAsJsonArray("tests").get(0).getAsJsonObject();
        for (String k : List.of("name", "score", "max_score", "status", "output")) assertTrue(first.has(k), k);

        int unknown = Main.run(new String[] {"99", "--catalog", CATALOG.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, unknown, "an unknown exercise is a grader error");
        int brokenSolution = Main.run(new String[] {"02", "--solutions", "--catalog", CATALOG.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2, brokenSolution, "a reference solution that does not compile is a grader error");
    }

    @Test
    void learnerFilesCanComeFromAWorkDirectory(@TempDir Path work) throws Exception {
        Path mine = work.resolve("01-sandbox");
        Files.createDirectories(mine);
        Files.copy(CATALOG.resolve("01-sandbox/solution/Sandbox.java"), mine.resolve("Sandbox.java"));
        List<Exercise> one = Exercise.select(Exercise.catalog(CATALOG), "01");
        Grader.Report r = new Grader(Grader.Options.defaults(CATALOG).withWork(work).withSeconds(20)).grade(one);
        assertEquals(10, r.earned(), ReportWriter.table(r));
    }
}
