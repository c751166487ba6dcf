package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prediction questions answered in an answers file go through the same tests: a wrong answer
 * costs its question only and its feedback shows the answer given, never the expected one; a
 * question the file leaves blank is asked of the Java; a submission names its files as
 * Gradescope uploads them; a huge file or one with junk costs nothing the Java earned. (The
 * reference answers files and the blank ones are graded by CatalogGradingTest.)
 */
class AnswersGradingTest {
    static final Path ROOT = Path.of(System.getProperty("nflab.root", "..")).toAbsolutePath().normalize();
    static final Path CATALOG = ROOT.resolve("exercises/catalog");
    static final Path EX01 = CATALOG.resolve("01-nat-table");
    static final Path EX02 = CATALOG.resolve("02-filter-table");

    /** What one run of ./nflab grade printed and wrote. */
    record Graded(String table, int score, int max, Map<String, JsonObject> tests) {
        int scoreOf(String prefix) {
            return tests.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .mapToInt(e -> e.getValue().get("score").getAsInt()).sum();
        }

        String output(String prefix) {
            return tests.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst()
                    .map(e -> e.getValue().get("output").getAsString()).orElseThrow();
        }
    }

    static Graded grade(Path work, String... exercises) throws Exception {
        List<String> args = new ArrayList<>(List.of(exercises));
        Path json = Files.createTempFile("nflab-answers", ".json");
        args.addAll(List.of("--work", work.toString(), "--json", json.toString(), "--catalog", CATALOG.toString(),
                "--timeout", "20"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = Main.run(args.toArray(String[]::new), p, p);
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, table);
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        Files.delete(json);
        Map<String, JsonObject> tests = new LinkedHashMap<>();
        for (JsonElement t : o.getAsJsonArray("tests")) {
            tests.put(t.getAsJsonObject().get("name").getAsString(), t.getAsJsonObject());
        }
        return new Graded(table, o.get("score").getAsInt(), o.get("max_score").getAsInt(), tests);
    }

    /** The reference answers of exercise 01 with question {@code q}'s line replaced. */
    static String reference01(String q, String line) throws Exception {
        String text = Files.readString(EX01.resolve("solution/answers.txt"));
        Matcher m = Pattern.compile("(?m)^" + q + ":.*$").matcher(text);
        assertTrue(m.find(), q + " in the reference answers");
        return m.replaceFirst(Matcher.quoteReplacement(line));
    }

    @Test
    void oneWrongAnswerCostsOnlyItsQuestionAndShowsNoExpectedValue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("answers.txt"), reference01("Q4", "Q4: nat:OUTPUT#1"));
        Graded g = grade(dir, "01");
        assertEquals(10, g.score(), g.table());
        assertEquals(12, g.max());
        assertEquals(0, g.scoreOf("01-nat-table: Q4"), g.table());
        String q4 = g.output("01-nat-table: Q4");
        assertTrue(q4.contains("your answer: [nat:OUTPUT#1] is not right"), q4);
        assertTrue(q4.contains("Q4 was read from answers.txt:"), q4);
        assertTrue(q4.contains("hint: "), q4);
        assertFalse(q4.contains("expected"), q4);
        assertFalse(q4.contains("nat:DOCKER#2"), "the rest of the expected answer is not shown: " + q4);

        // a malformed answer: its line, as that question's feedback, and nothing else lost
        Files.writeString(dir.resolve("answers.txt"), reference01("Q2", "Q2: nat:PREROUTING#1,"));
        Graded m = grade(dir, "01");
        assertEquals(10, m.score(), m.table());
        assertTrue(m.output("01-nat-table: Q2").matches("(?s)answers\\.txt:\\d+: Q2: item 2 is empty.*"),
                m.output("01-nat-table: Q2"));
    }

    @Test
    void aBlankQuestionIsAskedOfTheJavaAndAnAnswerInTheFileWins(@TempDir Path dir) throws Exception {
        // the Java solution answers everything; the file answers Q4 wrongly and leaves the rest blank
        Path ex = Files.createDirectories(dir.resolve("01-nat-table"));
        Files.copy(EX01.resolve("solution/NatTable.java"), ex.resolve("NatTable.java"));
        String blank = Files.readString(EX01.resolve("learner/answers.txt"));
        Files.writeString(ex.resolve("answers.txt"), blank.replaceFirst("(?m)^Q4:$", "Q4: nat:OUTPUT#1"));
        Graded g = grade(dir, "01");
        assertEquals(10, g.score(), "Q4 from the file (wrong), the others from the Java:\n" + g.table());
        assertEquals(0, g.scoreOf("01-nat-table: Q4"));

        // the untouched Java and a file that answers Q1-Q3 rightly: those three only
        Files.copy(EX01.resolve("learner/NatTable.java"), ex.resolve("NatTable.java"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String partial = reference01("Q4", "Q4:").replaceFirst("(?m)^Q5:.*$", "Q5:").replaceFirst("(?m)^Q6:.*$", "Q6:");
        Files.writeString(ex.resolve("answers.txt"), partial);
        Graded h = grade(dir, "01");
        assertEquals(6, h.score(), h.table());
        assertTrue(h.output("01-nat-table: Q5").contains("not answered yet (write your answer after \"Q5:\" in answers.txt"),
                h.output("01-nat-table: Q5"));
    }

    @Test
    void gradescopeNamesTheFilesByExercise(@TempDir Path dir) throws Exception {
        // flat, as uploaded one by one: NN-answers.txt
        Files.copy(EX01.resolve("solution/answers.txt"), dir.resolve("01-answers.txt"));
        Files.copy(EX02.resolve("solution/answers.txt"), dir.resolve("02-answers.txt"));
        Graded flat = grade(dir, "01", "02");
        assertEquals(flat.max(), flat.score(), flat.table());

        // in the exercises' folders, as a zip or a repository keeps them (deeper is fine when unique)
        Path zip = dir.resolve("zip");
        Files.createDirectories(zip.resolve("01-nat-table"));
        Files.createDirectories(zip.resolve("repo/exercises/catalog/02-filter-table/learner"));
        Files.copy(EX01.resolve("solution/answers.txt"), zip.resolve("01-nat-table/answers.txt"));
        Files.copy(EX02.resolve("solution/answers.txt"), zip.resolve("repo/exercises/catalog/02-filter-table/learner/answers.txt"));
        Graded folders = grade(zip, "01", "02");
        assertEquals(folders.max(), folders.score(), folders.table());

        // a lone answers.txt counts for a lone exercise only
        Path lone = dir.resolve("lone");
        Files.createDirectories(lone);
        Files.copy(EX01.resolve("solution/answers.txt"), lone.resolve("answers.txt"));
        Graded one = grade(lone, "01");
        assertEquals(12, one.score(), one.table());
        Graded two = grade(lone, "01", "02");
        assertEquals(0, two.score(), "with two exercises, a bare answers.txt belongs to neither:\n" + two.table());
        assertTrue(two.table().contains("not submitted") && two.table().contains("01-answers.txt"), two.table());

        // another exercise's answers under this exercise's name: not read
        Path swapped = dir.resolve("swapped");
        Files.createDirectories(swapped);
        Files.copy(EX02.resolve("solution/answers.txt"), swapped.resolve("01-answers.txt"));
        Graded s = grade(swapped, "01");
        assertEquals(0, s.score(), s.table());
        assertTrue(s.output("01-nat-table: Q1").contains("this file is for exercise \"02-filter-table\", not 01-nat-table"),
                s.output("01-nat-table: Q1"));
    }

    @Test
    void aHugeOrBrokenFileCostsNothingTheJavaEarned(@TempDir Path dir) throws Exception {
        Path ex = Files.createDirectories(dir.resolve("01-nat-table"));
        Files.copy(EX01.resolve("solution/NatTable.java"), ex.resolve("NatTable.java"));
        // 10 MB of wrong answers: not read (the Java is asked), and read no further than the limit
        try (OutputStream out = Files.newOutputStream(ex.resolve("answers.txt"))) {
            byte[] line = "Q1: nat:INPUT#1\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < (10 << 20) / line.length; i++) out.write(line);
        }
        Graded g = grade(dir, "01");
        assertEquals(12, g.score(), g.table());

        // the Java does not compile: the file's answers still count, the rest says why it failed
        Files.writeString(ex.resolve("NatTable.java"), "package dev.nflab.exercises.e01;\nclass NatTable {\n");
        Files.writeString(ex.resolve("answers.txt"), reference01("Q3", "Q3:"));
        Graded c = grade(dir, "01");
        assertEquals(10, c.score(), c.table());
        assertTrue(c.output("01-nat-table: Q3").contains("your Java file does not compile, so it was not asked"),
                c.output("01-nat-table: Q3"));

        // only the file, with junk in it: its good answers count
        Files.delete(ex.resolve("NatTable.java"));
        byte[] junk = {0, 1, 2, (byte) 0xff, '\n', 'Q', '9', ':', ' ', 'x', '\n'};
        byte[] good = reference01("Q3", "Q3:").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[good.length + junk.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(junk, 0, all, good.length, junk.length);
        Files.write(ex.resolve("answers.txt"), all);
        Graded j = grade(dir, "01");
        assertEquals(10, j.score(), j.table());
        String q3 = j.output("01-nat-table: Q3");
        assertTrue(q3.contains("no NatTable.java was submitted"), q3);
        assertTrue(q3.contains("\"Q9\" is not a question of this exercise") && q3.contains("not text"), q3);
    }
}
