package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.exercises.support.Lab;
import dev.nflab.netfilter.TableName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong prediction's feedback shows what was answered and a hint, never the expected answer,
 * unless the grader runs with --reveal (or --reveal-on-attempt N on the N-th attempt).
 */
class FeedbackTest {
    static final Path ROOT = Path.of(System.getProperty("nflab.root", "..")).toAbsolutePath().normalize();
    static final Path WRONG = ROOT.resolve("exercises/src/test/resources/feedback");

    static String grade(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("01", "--work", WRONG.toString(), "--catalog",
                ROOT.resolve("exercises/catalog").toString(), "--timeout", "20"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void wrongPredictionsShowNoExpectedValueUnlessRevealed(@TempDir Path dir) throws Exception {
        // Q1's right answer, from the model (the learner's file answers only its first rule)
        List<String> q1 = Lab.seed().fromLan(Lab.syn(Lab.GATEWAY, 50000, Lab.HOST, 80)).matched(TableName.NAT);
        assertTrue(q1.size() > 1, "Q1's answer has more than the rule the learner gave");

        String hidden = grade();
        assertTrue(hidden.contains("TOTAL 0/12"), hidden);
        assertFalse(hidden.contains("expected"), "no expected value without --reveal:\n" + hidden);
        assertFalse(hidden.contains(q1.toString()), "Q1's answer is not shown:\n" + hidden);
        assertTrue(hidden.contains("your answer: [nat:PREROUTING#1] is not right"), hidden);
        assertTrue(hidden.contains("hint: "), hidden);

        String shown = grade("--reveal");
        assertTrue(shown.contains("expected: " + q1), "--reveal shows the expected answer:\n" + shown);

        Path metadata = dir.resolve("submission_metadata.json");
        Files.writeString(metadata, "{\"previous_submissions\": [{}, {}]}");
        assertTrue(grade("--reveal-on-attempt", "3", "--metadata", metadata.toString()).contains("expected: " + q1),
                "the third attempt of three is revealed");
        assertFalse(grade("--reveal-on-attempt", "4", "--metadata", metadata.toString()).contains("expected"),
                "the third attempt of four is not");
    }
}
