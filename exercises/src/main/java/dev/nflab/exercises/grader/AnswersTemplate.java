package dev.nflab.exercises.grader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the blank answers file of a prediction exercise ({@code learner/answers.txt}) from its
 * learner class: one {@code Qn:} line per method, each after comments that restate the question
 * (the method's Javadoc) and the answer's form (from its return type), the class's Javadoc at the
 * top, with Java's {@code List.of(...)}, {@code Map.of(...)}, {@code true}/{@code false} said as
 * the file says them. {@code ./nflab grade --answers-template EXERCISE} prints it; the catalog
 * commits the result (what learners see), reviewed and touched up by hand where it reads badly.
 */
final class AnswersTemplate {
    private static final Pattern METHOD = Pattern.compile(
            "(?s)(/\\*\\*((?:(?!\\*/).)*)\\*/\\s*)?public\\s+static\\s+([\\w.<>, ?\\[\\]]+?)\\s+(\\w+)\\s*\\(\\s*\\)");
    private static final Pattern CLASS_DOC = Pattern.compile("(?s)/\\*\\*((?:(?!\\*/).)*)\\*/\\s*public\\s+(?:final\\s+)?class");
    private static final int WIDTH = 98;

    private AnswersTemplate() {}

    /** One method of a learner's source: its Javadoc (plain text), return type and name. */
    record Method(String doc, String type, String name) {
        String label() { return Character.toUpperCase(name.charAt(0)) + name.substring(1); }
    }

    static List<Method> methods(String source) {
        List<Method> list = new ArrayList<>();
        Matcher m = METHOD.matcher(source);
        while (m.find()) list.add(new Method(m.group(2) == null ? "" : plain(m.group(2)), m.group(3).strip(), m.group(4)));
        return list;
    }

    static String template(Exercise e) {
        StringBuilder b = new StringBuilder();
        List<Method> methods = new ArrayList<>();
        String classDoc = "";
        String java = "";
        for (Path rel : e.learnerFiles()) {
            String source = Exercise.read(e.learnerDir().resolve(rel));
            Matcher c = CLASS_DOC.matcher(source);
            if (c.find()) classDoc = plain(c.group(1));
            methods.addAll(methods(source));
            java = java.isEmpty() ? "learner/" + rel : java + ", learner/" + rel;
        }
        comment(b, "Exercise " + e.title() + ": your answers.");
        b.append("#\n");
        comment(b, "Write each answer after its question's \"Qn:\" (the statement is ../README.md). For each question, "
                + "an answer written here is graded; a question left blank here is asked of " + java
                + " instead. Lines that start with # are comments. A long list or map may also be written one item"
                + " per line below an empty \"Qn:\", each line starting with \"- \".");
        b.append("# Grade with: ./nflab grade ").append(e.number()).append('\n');
        if (!classDoc.isEmpty()) {
            b.append("#\n");
            comment(b, spoken(stripExercise(classDoc)));
        }
        b.append("#\n");
        comment(b, "The next line tells the grader which exercise this file answers: keep it.");
        b.append("exercise: ").append(e.name()).append("\n");
        for (Method m : methods) {
            b.append('\n');
            String doc = spoken(m.doc());
            comment(b, doc.isEmpty() ? m.label() + "." : doc);
            comment(b, "(" + form(m) + ")");
            if (m.type().replace(" ", "").equals("List<String>") && m.doc().toLowerCase(Locale.ROOT).contains("command")) {
                b.append("# for example:\n#   ").append(m.label()).append(":\n#     - iptables -I CHAIN ...\n#     - iptables ...\n");
            }
            b.append(m.label()).append(":\n");
        }
        return b.toString();
    }

    /** The answer's form, said for its type. */
    static String form(Method m) {
        String t = m.type().replace(" ", "");
        boolean commands = m.doc().toLowerCase(Locale.ROOT).contains("command");
        return switch (t) {
            case "String" -> "one line of text, in the form the question gives";
            case "Boolean", "boolean" -> "yes or no";
            case "Integer", "int", "Long", "long" -> "a whole number";
            case "Character", "char" -> "one letter";
            case "List<String>" -> commands
                    ? "a list: leave \"" + m.label() + ":\" empty and write one command per line below it, each after \"- \"; "
                    + "none if there is none"
                    : "a list: items separated by commas, in order; none if there is none";
            case "List<Integer>", "List<Long>" -> "whole numbers separated by commas; none if there is none";
            case "Map<String,String>" -> "key = value pairs separated by commas, in any order; none if there is none";
            case "Map<String,Long>", "Map<String,Integer>" ->
                    "key = value pairs separated by commas, each value a whole number, in any order; none if there is none";
            default -> "this question's " + m.type() + " can only be answered in Java";
        };
    }

    private static String stripExercise(String doc) {
        String s = doc.replaceFirst("^Exercise \\d+:\\s*", "").replace(" (see README.md)", "");
        // a sentence starts with a capital, unless it starts with a name (br_netfilter, --icc)
        return s.matches("[a-z]+\\b(?![_-]).*") ? Character.toUpperCase(s.charAt(0)) + s.substring(1) : s;
    }

    /** Javadoc as plain text: no leading stars, tags or extra spaces. */
    static String plain(String javadoc) {
        StringBuilder b = new StringBuilder();
        for (String line : javadoc.split("\n")) {
            String l = line.strip();
            if (l.startsWith("*")) l = l.substring(1).strip();
            if (l.startsWith("@")) continue;
            if (b.length() > 0 && !l.isEmpty()) b.append(' ');
            b.append(l);
        }
        return b.toString().replaceAll("\\{@code ([^}]*)}", "$1").replaceAll("\\s+", " ").strip();
    }

    /** Java's literals as an answers file writes them. */
    static String spoken(String doc) {
        String s = doc;
        s = s.replaceAll("List\\.of\\(\\)", "none");
        s = s.replaceAll("Map\\.of\\(\\)", "none");
        Matcher list = Pattern.compile("List\\.of\\(([^()]*)\\)").matcher(s);
        StringBuilder out = new StringBuilder();
        while (list.find()) list.appendReplacement(out, Matcher.quoteReplacement(items(list.group(1))));
        list.appendTail(out);
        s = out.toString();
        Matcher map = Pattern.compile("Map\\.of\\(([^()]*)\\)").matcher(s);
        out = new StringBuilder();
        while (map.find()) {
            List<String> parts = split(map.group(1));
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < parts.size(); i += 2) pairs.add(literal(parts.get(i)) + " = " + literal(parts.get(i + 1)));
            if (parts.size() % 2 == 1) pairs.add(literal(parts.get(parts.size() - 1)));
            map.appendReplacement(out, Matcher.quoteReplacement(String.join(", ", pairs)));
        }
        map.appendTail(out);
        s = out.toString();
        // true and false as answers, not as options' values (--icc=false)
        s = s.replaceAll("(?<![=-])\\btrue\\b", "yes").replaceAll("(?<![=-])\\bfalse\\b", "no");
        return s.replaceAll("\\.\\.\\.\\.$", "...");
    }

    private static String items(String args) {
        List<String> l = new ArrayList<>();
        for (String p : split(args)) l.add(literal(p));
        return String.join(", ", l);
    }

    private static List<String> split(String args) {
        List<String> parts = new ArrayList<>();
        for (String p : args.split(",")) if (!p.isBlank()) parts.add(p.strip());
        return parts;
    }

    private static String literal(String p) {
        String s = p.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) return s.substring(1, s.length() - 1);
        if (s.matches("-?\\d+[lL]")) return s.substring(0, s.length() - 1);
        return s;
    }

    private static void comment(StringBuilder b, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (word.isEmpty()) continue;
            if (line.length() + 1 + word.length() > WIDTH && line.length() > 1) {
                b.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        b.append(line).append('\n');
    }
}
