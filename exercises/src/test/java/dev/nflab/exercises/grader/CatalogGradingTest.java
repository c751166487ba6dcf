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
 * What CI proves about the catalog: every exercise scores 0 on its untouched learner files and
 * full marks on its reference solution (so the tests are right both ways), and grading all of
 * them is fast.
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

    @Test
    void untouchedLearnerFilesScoreZeroAndSolutionsScoreFullMarks() throws Exception {
        Grader.Options options = Grader.Options.defaults(catalog);
        Grader.Report learner = new Grader(options).grade(exercises);
        Grader.Report solutions = new Grader(options.withSolutions(true)).grade(exercises);
        System.out.printf("graded %d exercises: learner files in %.1f s, reference solutions in %.1f s%n",
                exercises.size(), learner.seconds(), solutions.seconds());
        System.out.print(ReportWriter.table(solutions));
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
        for (Grader.ExerciseResult r : solutions.exercises()) {
            assertEquals(r.max(), r.earned(), r.exercise().name() + " must score full marks on its solution:\n"
                    + ReportWriter.table(solutions));
        }
        // A generous bound (the goal is 30 s on an idle machine; CI machines are shared).
        assertTrue(learner.seconds() < 120 && solutions.seconds() < 120, "grading all exercises is fast enough");
    }
}
