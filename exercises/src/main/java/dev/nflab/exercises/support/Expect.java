package dev.nflab.exercises.support;

import java.util.Objects;

/**
 * Assertions for graded tests, with the messages a learner needs: what was asked, what the model
 * (or the kernel) says, what the learner said, and a hint.
 */
public final class Expect {
    private Expect() {}

    /** Fails with "not answered yet" when the learner left the TODO(learner) placeholder (null). */
    public static <T> T answered(T value, String question) {
        if (value == null) {
            String file = Learner.answersFile();
            throw new AssertionError(question + ": not answered yet (" + (file == null ? ""
                    : "write your answer after \"" + question + ":\" in " + file + ", or ") + "fill in the TODO(learner) place"
                    + (file == null ? "" : " of the Java file") + ")");
        }
        return value;
    }

    /**
     * Fails unless {@code got} equals {@code expected}. For a prediction, the message shows what was
     * answered and the hint, never the expected answer (one wrong try would give every answer
     * away): that is shown only when the grader runs with {@code --reveal} (instructors, or the last
     * allowed attempt). For a map, it names the learner's entries that are wrong and how many are
     * missing.
     */
    public static void same(String question, Object expected, Object got, String hint) {
        answered(got, question);
        if (Objects.equals(expected, got)) return;
        StringBuilder b = new StringBuilder(question);
        if (revealed()) {
            b.append("\n  expected: ").append(expected).append("\n  got:      ").append(got);
        } else {
            b.append("\n  your answer: ").append(got).append(" is not right");
            if (expected instanceof java.util.Map<?, ?> e && got instanceof java.util.Map<?, ?> g) {
                java.util.List<String> wrong = new java.util.ArrayList<>();
                for (java.util.Map.Entry<?, ?> en : g.entrySet()) {
                    if (!e.containsKey(en.getKey()) || !Objects.equals(e.get(en.getKey()), en.getValue())) {
                        wrong.add(en.getKey() + "=" + en.getValue());
                    }
                }
                long missing = e.keySet().stream().filter(k -> !g.containsKey(k)).count();
                if (!wrong.isEmpty()) b.append("\n  wrong: ").append(String.join(", ", wrong));
                if (missing > 0) b.append("\n  missing: ").append(missing).append(missing == 1 ? " entry" : " entries");
            }
        }
        if (hint != null && !hint.isEmpty()) b.append("\n  hint: ").append(hint);
        if (!revealed()) b.append("\n  check a guess with ./nflab send (see the statement)");
        throw new AssertionError(b.toString());
    }

    /** Whether the expected answers of predictions may be shown ({@code ./nflab grade --reveal}). */
    public static boolean revealed() {
        return Boolean.getBoolean("nflab.reveal");
    }

    /** Compares two lists of rule names ({@code nat:DOCKER#2}), ignoring spaces around each name. */
    public static void sameRules(String question, java.util.List<String> expected, java.util.List<String> got,
                                 String hint) {
        answered(got, question);
        java.util.List<String> clean = got.stream().map(s -> s == null ? "null" : s.strip()).toList();
        same(question, expected, clean, hint);
    }

    /** Fails with the question, a description of what went wrong and a hint. */
    public static AssertionError fail(String question, String what, String hint) {
        return new AssertionError(question + "\n  " + what + (hint == null || hint.isEmpty() ? "" : "\n  hint: " + hint));
    }

    public static void isTrue(boolean condition, String question, String what, String hint) {
        if (!condition) throw fail(question, what, hint);
    }
}
