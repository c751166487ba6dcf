package dev.nflab.exercises.grader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prediction exercise's answers written as plain text ({@code answers.txt}) instead of Java: one
 * line per question, {@code Q1: nat:PREROUTING#1, nat:DOCKER#2}, read by the grader (never by code
 * of the learner's) into the plain values the learner's Java method would have returned, so the
 * same tests grade them. The file is untrusted input: it is read up to {@link #MAX_BYTES} bytes
 * (a bigger one is not read at all), every problem is told with its line ({@code answers.txt:7:
 * ...}) and costs at most the question it belongs to; nothing in it can fail the grader.
 *
 * <p>The form (exercises/README.md documents it for learners):
 * <pre>
 *   # a comment (a line whose first non-blank character is #)
 *   exercise: 01-nat-table            optional: the file is not read for another exercise
 *   Q1: nat:PREROUTING#1, nat:DOCKER#2   a list: items separated by commas; "none" for no item
 *   Q2:                               blank: not answered here (the Java file is asked)
 *   Q3:                               a list, one item per line below, each after "- "
 *     - iptables -I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
 *   Q4: yes                           a boolean: yes, no, true or false
 *   Q5: 127.0.0.1 = LOCAL, 8.8.8.8 = UNICAST   a map: key = value pairs ("none" for no pair)
 *   Q6: 3                             a number; a letter; or text, as the question says
 * </pre>
 * Labels are the learner class's method names ({@code q1} is {@code Q1}, {@code Q01} and {@code
 * q1} also work). Items may be quoted ({@code "nat:DOCKER#2"}); a list may be written in brackets.
 */
public final class AnswerSheet {
    /** The answers file's name beside a prediction exercise's learner files. */
    public static final String FILE = "answers.txt";
    /** The largest answers file read (an honest one is a few KB). */
    public static final int MAX_BYTES = 64 * 1024;
    /** At most this many of the file's problems that belong to no question are listed. */
    static final int MAX_NOTES = 5;
    private static final int QUOTE = 60;
    private static final Pattern LABEL = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9_./#-]{0,40})\\s*:(.*)$");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");

    /** One question: the label it has in the file, the method it stands for, the type of its answer. */
    public record Question(String label, String className, String method, Type type) {
        /** The question of a learner's method: {@code q1} is {@code Q1}. */
        public static Question of(String className, String method, Type type) {
            return new Question(Character.toUpperCase(method.charAt(0)) + method.substring(1), className, method, type);
        }
    }

    /**
     * What the file says for one question: a {@code value} (of the question's type, as Java would
     * have returned it), or an {@code error} (the message the question fails with). {@code line} is
     * the question's line in the file.
     */
    public record Answer(Question question, int line, Object value, String error) {}

    private final String fileName;
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private final Map<String, Integer> blank = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private int moreNotes;

    private AnswerSheet(String fileName) {
        this.fileName = fileName;
    }

    /** The file's name as the learner sees it in the messages ({@code answers.txt}, {@code 01-answers.txt}). */
    public String fileName() { return fileName; }

    /** The questions the file answers (a value or an error), by label, in the file's order. */
    public Map<String, Answer> answers() { return answers; }

    /** The questions whose line is in the file but blank (asked of the Java file), with that line. */
    public Map<String, Integer> blank() { return blank; }

    /** The file's problems that belong to no question (each names its line), at most {@link #MAX_NOTES}. */
    public List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        if (moreNotes > 0) all.add("... and " + moreNotes + " more problem" + (moreNotes == 1 ? "" : "s") + " in " + fileName);
        return all;
    }

    /** Whether the file answers no question at all (untouched, or unreadable). */
    public boolean isEmpty() { return answers.isEmpty(); }

    private void note(String message) {
        if (notes.size() < MAX_NOTES) notes.add(message);
        else moreNotes++;
    }

    // ---- reading --------------------------------------------------------------------------------

    /**
     * Reads {@code file} for {@code exercise}: a symbolic link, something other than a regular
     * file, or a file of more than {@link #MAX_BYTES} bytes is not read (the sheet is empty and says
     * why in its notes).
     */
    public static AnswerSheet read(Path file, String exercise, List<Question> questions) {
        String name = file.getFileName().toString();
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) return unread(name, "is a symbolic link");
            if (!a.isRegularFile()) return unread(name, "is not a regular file");
            if (a.size() > MAX_BYTES) return unread(name, "has " + a.size() + " bytes, more than " + (MAX_BYTES / 1024) + " KB");
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) return unread(name, "has more than " + (MAX_BYTES / 1024) + " KB");
            return parse(name, bytes, exercise, questions);
        } catch (IOException | RuntimeException e) {
            return unread(name, "could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static AnswerSheet unread(String name, String why) {
        AnswerSheet s = new AnswerSheet(name);
        s.note(name + " " + why + ": it was not read, so none of its answers counts");
        return s;
    }

    /** Parses the content of an answers file (never throws: every problem is an error or a note). */
    public static AnswerSheet parse(String fileName, byte[] bytes, String exercise, List<Question> questions) {
        if (bytes.length > MAX_BYTES) return unread(fileName, "has " + bytes.length + " bytes, more than " + (MAX_BYTES / 1024) + " KB");
        AnswerSheet s = new AnswerSheet(fileName);
        Map<String, Question> byLabel = new LinkedHashMap<>();
        for (Question q : questions) byLabel.put(normal(q.label()), q);
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        String[] lines = text.split("\r\n|\r|\n", -1);
        // each question's block: its line, the text after its colon, and the item lines below it
        Map<String, Block> blocks = new LinkedHashMap<>();
        Block current = null;
        for (int i = 0; i < lines.length; i++) {
            int no = i + 1;
            String line = lines[i];
            String where = fileName + ":" + no + ": ";
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            boolean junk = !isText(line);
            Matcher m = LABEL.matcher(line);
            boolean indented = Character.isWhitespace(line.charAt(0));
            // below a question: "- item" lines, and indented lines that start no other question
            boolean startsOther = m.matches() && (byLabel.containsKey(normal(m.group(1)))
                    || normal(m.group(1)).equals("EXERCISE"));
            if (current != null && (trimmed.startsWith("-") || (indented && !startsOther))) {
                if (junk) {
                    current.error(where + "this line holds characters that are not text (write plain UTF-8 text)");
                } else {
                    current.items.add(new Item(no, trimmed.startsWith("-") ? trimmed.substring(1).strip() : trimmed));
                }
                continue;
            }
            if (!m.matches()) {
                current = null;
                s.note(where + (junk ? "this line holds characters that are not text (write plain UTF-8 text)"
                        : "this line is not an answer (\"" + quote(trimmed) + "\"): an answer starts with its question, "
                        + "as in \"" + first(questions) + ": ...\""));
                continue;
            }
            String label = m.group(1);
            String rest = m.group(2);
            if (normal(label).equals("EXERCISE")) {
                current = null;
                String named = rest.strip();
                if (!named.isEmpty() && !sameExercise(named, exercise)) {
                    AnswerSheet other = new AnswerSheet(fileName);
                    other.note(where + "this file is for exercise \"" + quote(named) + "\", not " + exercise
                            + ": it was not read, so none of its answers counts");
                    return other;
                }
                continue;
            }
            Question q = byLabel.get(normal(label));
            if (q == null) {
                current = null;
                s.note(where + "\"" + quote(label) + "\" is not a question of this exercise (" + labels(questions) + ")");
                continue;
            }
            Block previous = blocks.get(q.label());
            if (previous != null) {
                previous.error(where + q.label() + " is answered twice (lines " + previous.line + " and " + no
                        + "): keep one");
                current = null;
                continue;
            }
            current = new Block(q, no, rest.strip());
            if (junk) current.error(where + "this line holds characters that are not text (write plain UTF-8 text)");
            blocks.put(q.label(), current);
        }
        for (Block b : blocks.values()) {
            if (b.error != null) {
                s.answers.put(b.q.label(), new Answer(b.q, b.line, null, b.error));
            } else if (b.text.isEmpty() && b.items.isEmpty()) {
                s.blank.put(b.q.label(), b.line);
            } else {
                s.answers.put(b.q.label(), b.answer(fileName));
            }
        }
        return s;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // not UTF-8: the lines with bytes that are not become U+FFFD, and are refused one by one
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Plain text: no control characters but tabs, no invisible formatting, nothing undecodable. */
    static boolean isText(String line) {
        for (int i = 0; i < line.length(); ) {
            int c = line.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\t') continue;
            if (c == 0xFFFD) return false;
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                        Character.UNASSIGNED -> { return false; }
                default -> { }
            }
        }
        return true;
    }

    private static String normal(String label) {
        String l = label.strip().toUpperCase(Locale.ROOT);
        return l.replaceFirst("^Q0+(?=\\d)", "Q");
    }

    private static boolean sameExercise(String named, String exercise) {
        String n = named.strip();
        if (n.equalsIgnoreCase(exercise)) return true;
        int dash = exercise.indexOf('-');
        String number = dash < 0 ? exercise : exercise.substring(0, dash);
        return n.matches("\\d{1,3}") && number.matches("\\d+") && Integer.parseInt(n) == Integer.parseInt(number);
    }

    private static String labels(List<Question> qs) {
        if (qs.isEmpty()) return "it has none";
        if (qs.size() == 1) return "its question is " + qs.get(0).label();
        List<String> l = qs.stream().map(Question::label).toList();
        return "its questions are " + String.join(", ", l.subList(0, l.size() - 1)) + " and " + l.get(l.size() - 1);
    }

    private static String first(List<Question> qs) {
        return qs.isEmpty() ? "Q1" : qs.get(0).label();
    }

    static String quote(String s) {
        String t = s.strip();
        return t.length() <= QUOTE ? t : t.substring(0, QUOTE) + "...";
    }

    // ---- one question's answer ------------------------------------------------------------------

    private record Item(int line, String text) {}

    private static final class Block {
        final Question q;
        final int line;
        final String text;
        final List<Item> items = new ArrayList<>();
        String error;

        Block(Question q, int line, String text) {
            this.q = q;
            this.line = line;
            this.text = text;
        }

        void error(String message) {
            if (error == null) error = message;
        }

        Answer answer(String fileName) {
            String where = fileName + ":" + line + ": ";
            if (!text.isEmpty() && !items.isEmpty()) {
                return new Answer(q, line, null, where + q.label() + " has its answer after \"" + q.label()
                        + ":\" and on the lines below it (line " + items.get(0).line() + "): write the whole answer after \""
                        + q.label() + ":\", or leave that empty and write one item per line below it, each after \"- \"");
            }
            try {
                Object value;
                if (items.isEmpty()) {
                    value = parseLine(q.type(), text, q);
                } else if (container(q.type())) {
                    value = parseItems(q.type(), items, q);
                } else if (items.size() == 1) {
                    value = parseLine(q.type(), items.get(0).text(), q);
                } else {
                    throw new Bad(q.label() + " takes one answer, not a list of " + items.size() + " lines");
                }
                return new Answer(q, line, value, null);
            } catch (Bad e) {
                return new Answer(q, e.line > 0 ? e.line : line, null,
                        (e.line > 0 ? fileName + ":" + e.line + ": " : where) + e.getMessage());
            }
        }
    }

    /** A malformed answer; {@code line} when it is an item's, else the question's. */
    private static final class Bad extends Exception {
        final int line;

        Bad(String message) {
            this(message, 0);
        }

        Bad(String message, int line) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private static boolean container(Type t) {
        Class<?> raw = raw(t);
        return List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw);
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) return c;
        return Object.class;
    }

    private static Type arg(Type t, int i) {
        return t instanceof ParameterizedType p && p.getActualTypeArguments().length > i
                ? p.getActualTypeArguments()[i] : String.class;
    }

    /** Whether an answer of this type can be written in an answers file. */
    public static boolean supported(Type t) {
        Class<?> raw = raw(t);
        if (List.class.equals(raw)) return scalar(arg(t, 0));
        if (Map.class.equals(raw)) return scalar(arg(t, 0)) && scalar(arg(t, 1));
        return scalar(t);
    }

    private static boolean scalar(Type t) {
        return t instanceof Class<?> c && (c == String.class || c == Boolean.class || c == boolean.class
                || c == Integer.class || c == int.class || c == Long.class || c == long.class
                || c == Character.class || c == char.class);
    }

    private static Object parseLine(Type t, String text, Question q) throws Bad {
        Class<?> raw = raw(t);
        if (List.class.equals(raw) || Map.class.equals(raw)) {
            String s = text.strip();
            boolean list = List.class.equals(raw);
            if ((list && s.startsWith("[") && s.endsWith("]")) || (!list && s.startsWith("{") && s.endsWith("}"))) {
                s = s.substring(1, s.length() - 1).strip();
            }
            if (s.isEmpty() || s.equalsIgnoreCase("none")) return list ? List.of() : Map.of();
            List<Item> items = new ArrayList<>();
            for (String part : s.split(",", -1)) items.add(new Item(0, part.strip()));
            return parseItems(t, items, q);
        }
        return scalar(t, text, q);
    }

    private static Object parseItems(Type t, List<Item> items, Question q) throws Bad {
        boolean list = List.class.equals(raw(t));
        if (items.size() == 1 && items.get(0).text().equalsIgnoreCase("none")) return list ? List.of() : Map.of();
        if (list) {
            List<Object> out = new ArrayList<>();
            int n = 0;
            for (Item it : items) {
                n++;
                if (it.text().isEmpty()) throw new Bad(q.label() + ": item " + n + " is empty", it.line());
                if (it.text().equalsIgnoreCase("none") && items.size() > 1) {
                    throw new Bad(q.label() + ": \"none\" stands alone (it means no item at all)", it.line());
                }
                out.add(scalar(arg(t, 0), it.text(), q, it.line()));
            }
            return List.copyOf(out);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Item it : items) {
            String s = it.text();
            int eq = s.indexOf('=');
            if (eq < 0) {
                throw new Bad(q.label() + ": \"" + quote(s) + "\" is not a \"key = value\" pair", it.line());
            }
            Object k = scalar(arg(t, 0), s.substring(0, eq), q, it.line());
            Object v = scalar(arg(t, 1), s.substring(eq + 1), q, it.line());
            if (out.containsKey(k)) throw new Bad(q.label() + ": " + k + " is given twice", it.line());
            out.put(k, v);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object scalar(Type t, String text, Question q) throws Bad {
        return scalar(t, text, q, 0);
    }

    private static Object scalar(Type t, String text, Question q, int line) throws Bad {
        String s = unquote(text.strip());
        if (!(t instanceof Class<?> c)) throw new Bad(q.label() + " cannot be answered in an answers file: answer it in Java", line);
        if (c == String.class) {
            if (s.isEmpty()) throw new Bad(q.label() + ": an empty answer", line);
            return s;
        }
        if (c == Boolean.class || c == boolean.class) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "yes", "true" -> { return Boolean.TRUE; }
                case "no", "false" -> { return Boolean.FALSE; }
                default -> throw new Bad(q.label() + " is answered yes or no, not \"" + quote(s) + "\"", line);
            }
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            boolean isLong = c == Long.class || c == long.class;
            String n = isLong && (s.endsWith("L") || s.endsWith("l")) ? s.substring(0, s.length() - 1) : s;
            if (INTEGER.matcher(n).matches()) {
                try {
                    return isLong ? (Object) Long.parseLong(n) : (Object) Integer.parseInt(n);
                } catch (NumberFormatException e) {
                    throw new Bad(q.label() + ": " + quote(s) + " is too big a number", line);
                }
            }
            throw new Bad(q.label() + " is answered with a whole number, not \"" + quote(s) + "\"", line);
        }
        if (c == Character.class || c == char.class) {
            String l = s.length() == 3 && s.charAt(0) == '\'' && s.charAt(2) == '\'' ? s.substring(1, 2) : s;
            if (l.length() == 1) return l.charAt(0);
            throw new Bad(q.label() + " is answered with one letter, not \"" + quote(s) + "\"", line);
        }
        throw new Bad(q.label() + " cannot be answered in an answers file: answer it in Java", line);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) return s.substring(1, s.length() - 1).strip();
        return s;
    }
}
