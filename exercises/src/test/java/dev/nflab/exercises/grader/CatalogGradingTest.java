package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What CI proves about the catalog: every exercise scores 0 on its untouched learner files (its
 * blank answers file included) and full marks on its reference solution, in Java and, for the
 * prediction exercises, in its answers file alone (so the tests are right both ways, in both
 * forms), and grading all of them is fast.
 */
class CatalogGradingTest {
    static Path root;
    static Path catalog;
    static List<Exercise> exercises;

    @BeforeAll
    static void load() throws Exception {
        root = Path.of(System.getProperty("nflab.root", "..")).toAbsolutePath().normalize();
        catalog = root.resolve("exercises/catalog");
        exercises = Exercise.catalog(catalog);
    }

    @Test
    void theCatalogIsComplete() throws Exception {
        assertTrue(exercises.size() >= 15, "at least 15 exercises, found " + exercises.size());
        for (Exercise e : exercises) {
            assertTrue(Files.isRegularFile(e.dir().resolve("README.md")), e.name() + ": README.md");
            assertFalse(e.learnerFiles().isEmpty(), e.name() + ": learner files");
            for (Path rel : e.learnerFiles()) {
                assertTrue(Files.isRegularFile(e.solutionDir().resolve(rel)), e.name() + ": solution/" + rel);
                assertTrue(Files.readString(e.learnerDir().resolve(rel)).contains("TODO(learner)"),
                        e.name() + ": learner/" + rel + " marks the places to fill in with TODO(learner)");
            }
            assertFalse(e.testFiles().isEmpty(), e.name() + ": tests");
        }
    }

    /**
     * Every prediction exercise (no adapter; not 15 or 19, whose answers are rules to write in Java)
     * has a blank learner/answers.txt and a full solution/answers.txt, one line per method of its
     * learner class, in order, each of a type an answers file can hold.
     */
    @Test
    void everyPredictionHasAnAnswersFileThatNamesItsQuestions() throws Exception {
        List<String> expected = new java.util.ArrayList<>();
        for (Exercise e : exercises) {
            boolean prediction = !e.hasAdapter() && !e.title().endsWith("(write)");
            assertEquals(prediction, e.takesAnswers(), e.name() + ": learner/answers.txt exactly for predictions");
            assertEquals(prediction, Files.exists(e.solutionAnswers()), e.name() + ": solution/answers.txt exactly for predictions");
            if (!prediction) continue;
            expected.add(e.name());
            List<String> labels = new java.util.ArrayList<>();
            for (Path rel : e.learnerFiles()) {
                for (AnswersTemplate.Method m : AnswersTemplate.methods(Files.readString(e.learnerDir().resolve(rel)))) {
                    labels.add(m.label());
                    assertFalse(AnswersTemplate.form(m).contains("only be answered in Java"), e.name() + " " + m);
                }
            }
            for (Path file : List.of(e.learnerAnswers(), e.solutionAnswers())) {
                String text = Files.readString(file);
                List<String> lines = text.lines().filter(l -> l.matches("Q\\d+:.*")).toList();
                assertEquals(labels, lines.stream().map(l -> l.substring(0, l.indexOf(':'))).toList(),
                        e.name() + ": " + e.dir().relativize(file) + " has one line per question, in order");
                assertTrue(text.contains("\nexercise: " + e.name() + "\n"), e.name() + ": names its exercise");
                boolean blank = file.equals(e.learnerAnswers());
                for (String l : lines) {
                    String after = l.substring(l.indexOf(':') + 1).strip();
                    int next = text.indexOf("\n" + l + "\n") + l.length() + 2;
                    boolean bullets = next < text.length() && text.startsWith("  - ", next);
                    assertEquals(blank, after.isEmpty() && !bullets, e.name() + ": " + e.dir().relativize(file) + ": " + l);
                }
            }
        }
        assertEquals(16, expected.size(), "the prediction exercises: " + expected);
    }

    @Test
    void untouchedLearnerFilesScoreZeroAndSolutionsScoreFullMarks() throws Exception {
        Grader.Options options = Grader.Options.defaults(catalog);
        Grader.Report learner = new Grader(options).grade(exercises);
        Grader.Report solutions = new Grader(options.withSolutions(true)).grade(exercises);
        Grader.Report answers = new Grader(options.withSolutions(true).withForm(Grader.Form.ANSWERS)).grade(exercises);
        System.out.printf("graded %d exercises: learner files in %.1f s, reference solutions in %.1f s,"
                + " reference answers files (%d exercises) in %.1f s%n", exercises.size(), learner.seconds(),
                solutions.seconds(), answers.exercises().size(), answers.seconds());
        System.out.print(ReportWriter.table(solutions.and(answers)));
        assertEquals(exercises.stream().filter(Exercise::takesAnswers).map(Exercise::name).toList(),
                answers.exercises().stream().map(r -> r.exercise().name()).toList(),
                "the answers form grades the exercises that have a reference answers file");
        for (Grader.ExerciseResult r : answers.exercises()) {
            assertEquals(r.max(), r.earned(), r.label() + " must score full marks on its answers file alone:\n"
                    + ReportWriter.table(answers));
            assertEquals(r.exercise().declaredPoints(), r.max(), r.label() + ": every test ran");
        }
        for (Grader.ExerciseResult r : learner.exercises()) {
            assertEquals(0, r.earned(), r.exercise().name() + " must score 0 on the untouched learner files:\n"
                    + ReportWriter.table(learner));
            assertTrue(r.max() > 0, r.exercise().name() + " is worth points");
            assertEquals(r.exercise().declaredPoints(), r.max(), r.exercise().name()
                    + ": every test ran and carries @Points (points found in the sources vs graded)");
            for (TestResult t : r.tests()) {
                assertFalse(t.message().isBlank(), r.exercise().name() + " / " + t.name() + " says why it failed");
            }
        }
        // the blank answers files alone (as uploaded to Gradescope, NN-answers.txt): 0, every test saying why
        Path blank = Files.createTempDirectory("nflab-blank-answers");
        try {
            for (Exercise e : exercises) {
                if (e.takesAnswers()) Files.copy(e.learnerAnswers(), blank.resolve(e.number() + "-answers.txt"));
            }
            Grader.Report blanks = new Grader(options.withWork(blank)).grade(exercises);
            assertEquals(0, blanks.earned(), ReportWriter.table(blanks));
            for (Grader.ExerciseResult r : blanks.exercises()) {
                if (!r.exercise().takesAnswers()) continue;
                assertEquals(r.exercise().declaredPoints(), r.max(), r.exercise().name() + ": every test ran");
                for (TestResult t : r.tests()) {
                    assertTrue(t.message().contains("not answered yet"), r.exercise().name() + " / " + t.name() + ": "
                            + t.message());
                }
            }
        } finally {
            Sandbox.deleteTree(blank);
        }
        for (Grader.ExerciseResult r : solutions.exercises()) {
            assertEquals(r.max(), r.earned(), r.exercise().name() + " must score full marks on its solution:\n"
                    + ReportWriter.table(solutions));
        }
        // A generous bound (the goal is 30 s on an idle machine; CI machines are shared).
        assertTrue(learner.seconds() < 120 && solutions.seconds() < 120 && answers.seconds() < 120,
                "grading all exercises is fast enough");
    }
}
