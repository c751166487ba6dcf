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
            throw new AssertionError(question + ": not answered yet (fill in the TODO(learner) place)");
        }
        return value;
    }

    /** Fails unless {@code got} equals {@code expected}; the message shows both and the hint. */
    public static void same(String question, Object expected, Object got, String hint) {
        answered(got, question);
        if (!Objects.equals(expected, got)) {
            throw new AssertionError(question + "\n  expected: " + expected + "\n  got:      " + got
                    + (hint == null || hint.isEmpty() ? "" : "\n  hint: " + hint));
        }
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
