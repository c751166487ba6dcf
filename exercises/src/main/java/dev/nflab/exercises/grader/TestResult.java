package dev.nflab.exercises.grader;

/**
 * One graded test: what it is worth, what it earned, and why.
 *
 * @param exercise the exercise folder name
 * @param name the test's display name
 * @param message empty when it passed; otherwise expected, got and a hint, or what went wrong
 */
public record TestResult(String exercise, String name, int earned, int max, boolean passed, String message,
                         double seconds) {
}
