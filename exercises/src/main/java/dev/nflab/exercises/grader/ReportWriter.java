package dev.nflab.exercises.grader;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The score table for a terminal, and results.json in the shape Gradescope's autograder reads. */
public final class ReportWriter {
    private static final int EXERCISE_WIDTH = 26;
    private static final int TEST_WIDTH = 46;

    private ReportWriter() {}

    public static String table(Grader.Report report) {
        StringBuilder b = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-" + EXERCISE_WIDTH + "s %-" + TEST_WIDTH + "s %7s  %s",
                "EXERCISE", "TEST", "POINTS", "MESSAGE");
        b.append(header).append('\n').append("-".repeat(header.length() + 20)).append('\n');
        String indent = " ".repeat(EXERCISE_WIDTH + TEST_WIDTH + 11);
        for (Grader.ExerciseResult e : report.exercises()) {
            boolean first = true;
            boolean second = false;
            for (TestResult t : e.tests()) {
                String[] msg = (t.passed() ? "ok" : t.message()).split("\n");
                b.append(String.format(Locale.ROOT, "%-" + EXERCISE_WIDTH + "s %-" + TEST_WIDTH + "s %7s  %s",
                        first ? cut(e.exercise().name(), EXERCISE_WIDTH) : second ? cut(e.variant(), EXERCISE_WIDTH) : "", cut(t.name(), TEST_WIDTH),
                        t.earned() + "/" + t.max(), msg[0])).append('\n');
                for (int i = 1; i < msg.length; i++) b.append(indent).append(msg[i]).append('\n');
                second = first;
                first = false;
            }
            b.append(String.format(Locale.ROOT, "%-" + EXERCISE_WIDTH + "s %" + TEST_WIDTH + "s %7s%n", "",
                    "total " + e.label(), e.earned() + "/" + e.max()));
            b.append('\n');
        }
        long variants = report.exercises().stream().filter(e -> !e.variant().isEmpty()).count();
        long plain = report.exercises().size() - variants;
        List<String> what = new ArrayList<>();
        if (plain > 0 || variants == 0) what.add(plain + " exercise" + (plain == 1 ? "" : "s"));
        if (variants > 0) what.add(variants + " answers file" + (variants == 1 ? "" : "s"));
        b.append(String.format(Locale.ROOT, "TOTAL %d/%d points (%s files, %s, graded in %.1f s)%n",
                report.earned(), report.max(), report.solutions() ? "reference solution" : "learner",
                String.join(" and ", what), report.seconds()));
        return b.toString();
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /**
     * Gradescope's results.json: a total {@code score}, and one entry per test with its
     * {@code score}, {@code max_score}, {@code status} and {@code output}.
     */
    public static String json(Grader.Report report) {
        JsonObject root = new JsonObject();
        root.addProperty("score", report.earned());
        root.addProperty("max_score", report.max());
        root.addProperty("execution_time", Math.round(report.seconds() * 10) / 10.0);
        root.addProperty("visibility", "visible");
        root.addProperty("stdout_visibility", "visible");
        root.addProperty("output", String.format(Locale.ROOT, "%d/%d points over %d exercise(s)", report.earned(),
                report.max(), report.exercises().size()));
        JsonArray tests = new JsonArray();
        for (Grader.ExerciseResult e : report.exercises()) {
            int i = 1;
            for (TestResult t : e.tests()) {
                JsonObject o = new JsonObject();
                o.addProperty("name", e.label() + ": " + t.name());
                o.addProperty("number", e.exercise().number() + "." + i++);
                o.addProperty("score", t.earned());
                o.addProperty("max_score", t.max());
                o.addProperty("status", t.passed() ? "passed" : "failed");
                o.addProperty("output", t.passed() ? "" : t.message());
                o.addProperty("visibility", "visible");
                tests.add(o);
            }
        }
        root.add("tests", tests);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
