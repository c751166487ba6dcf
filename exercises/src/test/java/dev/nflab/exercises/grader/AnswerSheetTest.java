package dev.nflab.exercises.grader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers file's parser: every form, its errors (with their lines), its limits. */
class AnswerSheetTest {
    /** A learner class with one question of each type the catalog uses. */
    @SuppressWarnings("unused")
    static final class Kinds {
        public static List<String> q1() { return null; }
        public static String q2() { return null; }
        public static Boolean q3() { return null; }
        public static Long q4() { return null; }
        public static Integer q5() { return null; }
        public static Character q6() { return null; }
        public static List<Integer> q7() { return null; }
        public static Map<String, String> q8() { return null; }
        public static Map<String, Long> q9() { return null; }
        public static List<String> q10() { return null; }
    }

    static final List<AnswerSheet.Question> QUESTIONS = questions();

    static List<AnswerSheet.Question> questions() {
        List<AnswerSheet.Question> qs = new ArrayList<>();
        for (Method m : Stubs.methods(Kinds.class)) {
            qs.add(AnswerSheet.Question.of(Kinds.class.getName(), m.getName(), m.getGenericReturnType()));
        }
        return qs;
    }

    static AnswerSheet parse(String text) {
        return AnswerSheet.parse("answers.txt", text.getBytes(StandardCharsets.UTF_8), "01-nat-table", QUESTIONS);
    }

    static Object value(AnswerSheet s, String label) {
        AnswerSheet.Answer a = s.answers().get(label);
        assertTrue(a != null, label + " is answered: " + s.answers() + " " + s.notes());
        assertNull(a.error(), label + ": " + a.error());
        return a.value();
    }

    static String error(AnswerSheet s, String label) {
        AnswerSheet.Answer a = s.answers().get(label);
        assertTrue(a != null && a.error() != null, label + " has an error: " + s.answers());
        return a.error();
    }

    @Test
    void questionsAreInTheOrderOfTheirNumbers() {
        assertEquals(List.of("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10"),
                QUESTIONS.stream().map(AnswerSheet.Question::label).toList());
        for (AnswerSheet.Question q : QUESTIONS) assertTrue(AnswerSheet.supported(q.type()), q.label());
    }

    @Test
    void everyFormReadsAsJavaWouldHaveReturnedIt() {
        AnswerSheet s = parse("""
                # a comment
                exercise: 01-nat-table
                Q1: nat:PREROUTING#1, nat:DOCKER#2
                Q2:   docker0 -> docker0\s\s
                Q3: yes
                Q4: 30
                Q5: -2
                Q6: B
                Q7: 1, 3,4
                Q8: 127.0.0.1 = LOCAL, 8.8.8.8=UNICAST
                Q9: nat:PREROUTING:policy = 1, nat:POSTROUTING#1 = 12
                Q10:
                  - iptables -I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
                  # a comment between items
                  - iptables -I DOCKER-USER -i eth0 ! -s 172.31.32.0/24 -j DROP
                """);
        assertEquals(List.of("nat:PREROUTING#1", "nat:DOCKER#2"), value(s, "Q1"));
        assertEquals("docker0 -> docker0", value(s, "Q2"));
        assertEquals(Boolean.TRUE, value(s, "Q3"));
        assertEquals(30L, value(s, "Q4"));
        assertEquals(-2, value(s, "Q5"));
        assertEquals('B', value(s, "Q6"));
        assertEquals(List.of(1, 3, 4), value(s, "Q7"));
        assertEquals(Map.of("127.0.0.1", "LOCAL", "8.8.8.8", "UNICAST"), value(s, "Q8"));
        assertEquals(Map.of("nat:PREROUTING:policy", 1L, "nat:POSTROUTING#1", 12L), value(s, "Q9"));
        assertEquals(List.of("iptables -I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
                "iptables -I DOCKER-USER -i eth0 ! -s 172.31.32.0/24 -j DROP"), value(s, "Q10"));
        assertTrue(s.notes().isEmpty(), s.notes().toString());
        assertEquals(3, s.answers().get("Q1").line());
        assertEquals(12, s.answers().get("Q10").line());
    }

    @Test
    void lenientWhereJavaHabitsShow() {
        AnswerSheet s = parse("""
                q1: ["nat:PREROUTING#1", "nat:DOCKER#2"]
                Q02: "container"
                Q3: False
                Q4: 3L
                Q6: 'D'
                Q7: none
                Q8: {"127.0.0.1" = "LOCAL"}
                Q9: None
                Q10: []
                """.replace("\n", "\r\n"));
        assertEquals(List.of("nat:PREROUTING#1", "nat:DOCKER#2"), value(s, "Q1"));
        assertEquals("container", value(s, "Q2"));
        assertEquals(Boolean.FALSE, value(s, "Q3"));
        assertEquals(3L, value(s, "Q4"));
        assertEquals('D', value(s, "Q6"));
        assertEquals(List.of(), value(s, "Q7"));
        assertEquals(Map.of("127.0.0.1", "LOCAL"), value(s, "Q8"));
        assertEquals(Map.of(), value(s, "Q9"));
        assertEquals(List.of(), value(s, "Q10"));
        // a byte-order mark, items on indented lines without "- ", a map one pair per line
        AnswerSheet t = parse("\uFEFFQ1:\n    nat:PREROUTING#1\n    nat:DOCKER#2\nQ8:\n  - 127.0.0.1 = LOCAL\n  - 8.8.8.8 = UNICAST\n"
                + "Q2:\n  - one line below\n");
        assertEquals(List.of("nat:PREROUTING#1", "nat:DOCKER#2"), value(t, "Q1"));
        assertEquals(Map.of("127.0.0.1", "LOCAL", "8.8.8.8", "UNICAST"), value(t, "Q8"));
        assertEquals("one line below", value(t, "Q2"));
    }

    @Test
    void blankAnswersAreNotAnswers() {
        AnswerSheet s = parse("exercise: 01-nat-table\n# Q1: ...\nQ1:\n\nQ2:   \nQ3:\n# (yes or no)\n");
        assertTrue(s.isEmpty(), "an untouched file answers nothing: " + s.answers());
        assertEquals(Map.of("Q1", 3, "Q2", 5, "Q3", 6), s.blank());
        assertTrue(s.notes().isEmpty(), s.notes().toString());
        assertTrue(parse("").isEmpty());
    }

    @Test
    void malformedAnswersFailTheirQuestionOnlyWithTheirLine() {
        AnswerSheet s = parse("""
                Q1: nat:PREROUTING#1, , nat:DOCKER#2
                Q2: container
                Q3: maybe
                Q4: three
                Q5: 99999999999
                Q6: BC
                Q7: 1, two
                Q8: 127.0.0.1 LOCAL
                Q9: a = 1, a = 2
                Q10: iptables -A X
                  - iptables -A Y
                """);
        assertEquals("container", value(s, "Q2"), "a good answer beside bad ones still counts");
        assertEquals("answers.txt:1: Q1: item 2 is empty", error(s, "Q1"));
        assertEquals("answers.txt:3: Q3 is answered yes or no, not \"maybe\"", error(s, "Q3"));
        assertEquals("answers.txt:4: Q4 is answered with a whole number, not \"three\"", error(s, "Q4"));
        assertEquals("answers.txt:5: Q5: 99999999999 is too big a number", error(s, "Q5"));
        assertEquals("answers.txt:6: Q6 is answered with one letter, not \"BC\"", error(s, "Q6"));
        assertEquals("answers.txt:7: Q7 is answered with a whole number, not \"two\"", error(s, "Q7"));
        assertEquals("answers.txt:8: Q8: \"127.0.0.1 LOCAL\" is not a \"key = value\" pair", error(s, "Q8"));
        assertEquals("answers.txt:9: Q9: a is given twice", error(s, "Q9"));
        assertTrue(error(s, "Q10").startsWith("answers.txt:10: Q10 has its answer after \"Q10:\" and on the lines below it"),
                error(s, "Q10"));
        // an item's own line is named
        AnswerSheet t = parse("Q7:\n  - 1\n  - x\nQ2:\n  - a\n  - b\n");
        assertEquals("answers.txt:3: Q7 is answered with a whole number, not \"x\"", error(t, "Q7"));
        assertEquals("answers.txt:4: Q2 takes one answer, not a list of 2 lines", error(t, "Q2"));
    }

    @Test
    void aQuestionAnsweredTwiceIsAnError() {
        AnswerSheet s = parse("Q1: nat:PREROUTING#1\nQ2: a\nQ1: nat:DOCKER#2\n");
        assertEquals("answers.txt:3: Q1 is answered twice (lines 1 and 3): keep one", error(s, "Q1"));
        assertEquals("a", value(s, "Q2"));
    }

    @Test
    void linesThatAnswerNoQuestionAreNotesAndCostNothing() {
        AnswerSheet s = parse("""
                just some words
                Q11: 4
                Question 1: nat:DOCKER#2
                02/Q1: filter:FORWARD#1
                Q2: right
                - a stray item below no question? no: below Q2, so Q2's
                """);
        List<String> notes = s.notes();
        assertEquals(4, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("answers.txt:1: this line is not an answer (\"just some words\")"), notes.get(0));
        assertTrue(notes.get(1).startsWith("answers.txt:2: \"Q11\" is not a question of this exercise (its questions are Q1, Q2,"),
                notes.get(1));
        assertTrue(notes.get(2).startsWith("answers.txt:3: this line is not an answer"), notes.get(2));
        assertTrue(notes.get(3).startsWith("answers.txt:4: \"02/Q1\" is not a question"), notes.get(3));
        assertTrue(error(s, "Q2").startsWith("answers.txt:5: Q2 has its answer after"), error(s, "Q2"));
        // many problems: five listed, the rest counted
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) many.append("junk ").append(i).append('\n');
        List<String> capped = parse(many.toString()).notes();
        assertEquals(AnswerSheet.MAX_NOTES + 1, capped.size());
        assertEquals("... and 35 more problems in answers.txt", capped.get(capped.size() - 1));
    }

    @Test
    void binaryJunkIsRefusedLineByLine() {
        byte[] junk = "Q1: nat:PREROUTING#1\nQ2: a\u0000b\n\u0007\u0001\u0002\nQ3: yes\n".getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'Q', '4', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n', 'Q', '5', ':', ' ', '7', '\n'};
        byte[] all = new byte[junk.length + notUtf8.length];
        System.arraycopy(junk, 0, all, 0, junk.length);
        System.arraycopy(notUtf8, 0, all, junk.length, notUtf8.length);
        AnswerSheet s = AnswerSheet.parse("answers.txt", all, "01-nat-table", QUESTIONS);
        assertEquals(List.of("nat:PREROUTING#1"), value(s, "Q1"));
        assertEquals("answers.txt:2: this line holds characters that are not text (write plain UTF-8 text)", error(s, "Q2"));
        assertEquals(Boolean.TRUE, value(s, "Q3"));
        assertEquals("answers.txt:5: this line holds characters that are not text (write plain UTF-8 text)", error(s, "Q4"));
        assertEquals(7, value(s, "Q5"));
        assertEquals(List.of("answers.txt:3: this line holds characters that are not text (write plain UTF-8 text)"), s.notes());
        // invisible formatting characters are not text either
        assertTrue(error(parse("Q2: con\u202Etainer\n"), "Q2").contains("not text"));
        // random bytes never throw
        Random r = new Random(12);
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[r.nextInt(3000)];
            r.nextBytes(b);
            AnswerSheet.parse("answers.txt", b, "01-nat-table", QUESTIONS);
        }
    }

    @Test
    void aFileForAnotherExerciseIsNotRead() {
        AnswerSheet s = parse("exercise: 02-filter-table\nQ1: filter:FORWARD#1\n");
        assertTrue(s.isEmpty());
        assertEquals(List.of("answers.txt:1: this file is for exercise \"02-filter-table\", not 01-nat-table: it was not read,"
                + " so none of its answers counts"), s.notes());
        assertFalse(parse("exercise: 1\nQ1: a\n").isEmpty(), "the exercise may be named by its number");
        assertFalse(parse("exercise: 01-NAT-TABLE\nQ1: a\n").isEmpty());
    }

    @Test
    void aFileTooBigIsNotReadAtAll(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder("Q1: nat:PREROUTING#1\n");
        while (b.length() <= AnswerSheet.MAX_BYTES) b.append("# padding padding padding padding padding padding\n");
        Path big = dir.resolve("answers.txt");
        Files.writeString(big, b);
        AnswerSheet s = AnswerSheet.read(big, "01-nat-table", QUESTIONS);
        assertTrue(s.isEmpty());
        assertEquals(1, s.notes().size());
        assertTrue(s.notes().get(0).startsWith("answers.txt has " + Files.size(big) + " bytes, more than 64 KB: it was not read"),
                s.notes().get(0));
        // exactly at the limit it is read
        Path fits = dir.resolve("01-answers.txt");
        Files.writeString(fits, b.substring(b.length() - AnswerSheet.MAX_BYTES));
        assertEquals(AnswerSheet.MAX_BYTES, Files.size(fits));
        Files.writeString(fits, "Q1: a\n" + "#".repeat(AnswerSheet.MAX_BYTES - 7) + "\n");
        AnswerSheet f = AnswerSheet.read(fits, "01-nat-table", QUESTIONS);
        assertEquals(List.of("a"), value(f, "Q1"));
        assertEquals("01-answers.txt", f.fileName(), "messages name the file as submitted");
        // the bytes given to parse are bounded too
        assertTrue(AnswerSheet.parse("answers.txt", new byte[AnswerSheet.MAX_BYTES + 1], "01-nat-table", QUESTIONS).isEmpty());
    }

    @Test
    void linksAndOtherFilesAreNotRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "Q1: a secret line\n");
        Path link = dir.resolve("answers.txt");
        Files.createSymbolicLink(link, secret);
        AnswerSheet s = AnswerSheet.read(link, "01-nat-table", QUESTIONS);
        assertTrue(s.isEmpty());
        assertTrue(s.notes().get(0).contains("is a symbolic link"), s.notes().toString());
        Path folder = Files.createDirectories(dir.resolve("sub").resolve("answers.txt"));
        assertTrue(AnswerSheet.read(folder, "01-nat-table", QUESTIONS).notes().get(0).contains("not a regular file"));
        assertTrue(AnswerSheet.read(dir.resolve("missing.txt"), "01-nat-table", QUESTIONS).notes().get(0)
                .contains("could not be read"));
    }

    @Test
    void longAnswersAreQuotedShort() {
        String longWord = "x".repeat(5000);
        String e = error(parse("Q3: " + longWord + "\n"), "Q3");
        assertTrue(e.length() < 200, e);
    }
}
