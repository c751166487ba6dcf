package dev.nflab.exercises.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code ./nflab grade [EXERCISE...] [--solutions] [--json FILE] [--work DIR] [--timeout S]}.
 * Exit status 0 whatever the score; 2 when the grader itself cannot do its job (bad arguments,
 * unknown exercise, missing catalog, a reference solution that does not compile).
 */
public final class Main {
    private static final String USAGE = """
            usage: ./nflab grade [EXERCISE...] [--solutions[=java|=answers]] [--json FILE] [--work DIR] [--timeout SECONDS]
                                 [--list] [--reveal | --reveal-on-attempt N [--metadata FILE]] [--gradescope-bundle FILE.zip]
                                 [--answers-template]

              EXERCISE         03, 3, 03-addrtype-local or a unique part of a name; all exercises when none
              --solutions      grade the reference solutions instead of the learner's files (instructors): their
                               Java files, then (for prediction exercises) their answers files, without Java;
                               --solutions=java or --solutions=answers grades one form only
              --json FILE      also write the results as Gradescope's results.json
              --work DIR       take the learner's files from DIR: DIR/NN-name/File.java (or, for a single
                               exercise, DIR/File.java) instead of exercises/catalog/NN-name/learner/, and the
                               answers files DIR/NN-answers.txt or DIR/NN-name/answers.txt (a single exercise:
                               also DIR/answers.txt)
              --timeout S      default time limit of one test, in seconds (default 10)
              --reveal         show the expected answers of prediction questions in the feedback (instructors;
                               by default feedback shows what was answered and a hint, never the answer)
              --reveal-on-attempt N
                               reveal on the learner's N-th submission and later: the attempt is read from
                               Gradescope's submission metadata (--metadata FILE, by default
                               /autograder/submission_metadata.json: its previous_submissions, plus one)
              --list           list the exercises and exit
              --gradescope-bundle FILE.zip
                               write Gradescope's autograder zip for the chosen exercises (setup.sh,
                               run_autograder, sources, statements, learner files and tests; no solutions)
                               and exit; --reveal-on-attempt N is passed on to run_autograder
              --answers-template
                               print the blank answers file made from each chosen prediction exercise's learner
                               class (instructors: a starting point for learner/answers.txt) and exit
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path root = Path.of(System.getProperty("nflab.root", ".")).toAbsolutePath().normalize();
        Path catalog = root.resolve("exercises/catalog");
        List<String> selectors = new ArrayList<>();
        boolean solutions = false;
        boolean javaForm = true;
        boolean answersForm = true;
        boolean template = false;
        boolean list = false;
        boolean reveal = false;
        int revealOn = 0;
        Path bundle = null;
        Path metadata = Path.of("/autograder/submission_metadata.json");
        Path json = null;
        Path work = null;
        int seconds = 10;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--solutions" -> solutions = true;
                    case "--solutions=java" -> {
                        solutions = true;
                        answersForm = false;
                    }
                    case "--solutions=answers" -> {
                        solutions = true;
                        javaForm = false;
                    }
                    case "--answers-template" -> template = true;
                    case "--reveal" -> reveal = true;
                    case "--reveal-on-attempt" -> revealOn = Integer.parseInt(value(args, ++i, a));
                    case "--metadata" -> metadata = Path.of(value(args, ++i, a));
                    case "--gradescope-bundle" -> bundle = Path.of(value(args, ++i, a));
                    case "--list" -> list = true;
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--work" -> work = Path.of(value(args, ++i, a));
                    case "--catalog" -> catalog = Path.of(value(args, ++i, a));
                    case "--timeout" -> seconds = Integer.parseInt(value(args, ++i, a));
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-")) throw new IllegalArgumentException("unknown option " + a);
                        selectors.add(a);
                    }
                }
            }
            List<Exercise> all = Exercise.catalog(catalog);
            if (list) {
                for (Exercise e : all) out.println(e.name() + "  " + e.title());
                return 0;
            }
            List<Exercise> chosen = new ArrayList<>();
            if (selectors.isEmpty()) chosen.addAll(all);
            for (String s : selectors) {
                List<Exercise> hits = Exercise.select(all, s);
                if (hits.size() != 1) {
                    throw new IllegalArgumentException(hits.isEmpty() ? "no exercise \"" + s + "\" (try --list)"
                            : "\"" + s + "\" names several exercises: " + hits.stream().map(Exercise::name).toList());
                }
                chosen.add(hits.get(0));
            }
            chosen = new ArrayList<>(new LinkedHashSet<>(chosen));
            if (template) {
                for (Exercise e : chosen) {
                    if (!e.hasAdapter()) out.print(AnswersTemplate.template(e));
                }
                return 0;
            }
            if (bundle != null) {
                GradescopeBundle.write(bundle, root, chosen, revealOn);
                out.println("Gradescope autograder written to " + bundle + " (" + chosen.size()
                        + " exercise(s), no reference solutions): upload it as the assignment's autograder");
                return 0;
            }
            if (revealOn > 0 && attempt(metadata) >= revealOn) reveal = true;
            if (work != null && !Files.isDirectory(work)) throw new IllegalArgumentException("--work " + work + ": not a directory");
            Grader.Options options = Grader.Options.defaults(catalog).withSolutions(solutions).withWork(work)
                    .withSeconds(seconds).withReveal(reveal);
            Grader.Report report;
            if (solutions && javaForm && answersForm) {
                // both forms of the reference solutions: the Java, then the answers files
                report = new Grader(options.withForm(Grader.Form.JAVA)).grade(chosen)
                        .and(new Grader(options.withForm(Grader.Form.ANSWERS)).grade(chosen));
            } else {
                report = new Grader(options.withForm(javaForm ? Grader.Form.JAVA : Grader.Form.ANSWERS)).grade(chosen);
            }
            out.print(ReportWriter.table(report));
            if (json != null) {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(json, ReportWriter.json(report), StandardCharsets.UTF_8);
                out.println("results written to " + json);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("nflab grade: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (Grader.GraderException | IOException e) {
            err.println("nflab grade: " + e.getMessage());
            return 2;
        }
    }

    /** The learner's attempt, from Gradescope's submission metadata (1 when there is none). */
    static int attempt(Path metadata) {
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(metadata))
                    .getAsJsonObject();
            return o.has("previous_submissions") ? o.getAsJsonArray("previous_submissions").size() + 1 : 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
