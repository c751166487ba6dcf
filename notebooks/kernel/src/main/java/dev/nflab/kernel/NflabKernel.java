package dev.nflab.kernel;

import java.nio.charset.StandardCharsets;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * IJava's architecture, small: a {@link JShell} whose snippets run in this JVM, each cell split into
 * snippets with {@link SourceCodeAnalysis}, completion and documentation from the same analysis, and
 * errors turned into short readable Jupyter errors.
 */
public final class NflabKernel extends BaseKernel {

    /**
     * The imports every cell sees: exactly those IJava adds, so a notebook that runs here also runs on a
     * stock IJava install (anything else a notebook needs it must import itself).
     */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.io.*", "java.math.*", "java.net.*",
            "java.util.concurrent.*", "java.util.prefs.*", "java.util.regex.*");

    private static final int MAX_FRAMES = 8;

    private final ClassPath classPath;
    private final SnippetLoader snippetLoader = new SnippetLoader();
    private final CompletableFuture<JShell> shell = new CompletableFuture<>();
    private final LanguageInfo languageInfo;
    private boolean warningsShown;
    private volatile boolean interrupted;
    /** Snippet id to "cell [N] line L": where each snippet was typed, for error messages. */
    private final java.util.Map<String, String> snippetOrigin = new java.util.concurrent.ConcurrentHashMap<>();

    NflabKernel(ClassPath classPath) {
        this.classPath = classPath;
        this.languageInfo = new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
        Display.attach(this);
    }

    /** Builds JShell and warms its compiler on a background thread, so the handshake is not delayed. */
    void startShellInBackground() {
        Thread t = new Thread(() -> {
            try {
                JShell s = buildShell();
                shell.complete(s);
            } catch (Throwable e) {
                shell.completeExceptionally(e);
            }
        }, "nflab-jshell-start");
        t.setDaemon(true);
        t.start();
    }

    private JShell buildShell() throws Exception {
        // JShell's compiler must see the user class path (the kit's jars) and not the kernel's own
        // libraries: its TaskFactory takes java.class.path when JShell is built, and the file manager
        // uses it once addToClasspath passes it as an explicit -classpath option.
        String userPath = classPath.joined();
        if (userPath.isEmpty()) {
            Path empty = Files.createTempDirectory("nflab-kernel-");
            empty.toFile().deleteOnExit();
            userPath = empty.toString();
        }
        String saved = System.getProperty("java.class.path");
        JShell s;
        synchronized (System.class) {
            System.setProperty("java.class.path", userPath);
            try {
                s = JShell.builder()
                        .executionEngine(new CellExecution(snippetLoader), java.util.Map.of())
                        .compilerOptions("-Xlint:none")
                        .build();
            } finally {
                System.setProperty("java.class.path", saved);
            }
        }
        s.addToClasspath(userPath); // compiler: explicit -classpath; execution: the snippet loader
        Thread current = Thread.currentThread();
        ClassLoader prev = current.getContextClassLoader();
        current.setContextClassLoader(snippetLoader.classLoader());
        try {
            for (String imp : DEFAULT_IMPORTS) {
                s.eval("import " + imp + ";");
            }
            // Compile, load and run one statement now, so the first cell pays none of that.
            s.eval("if (Boolean.FALSE) { }");
        } finally {
            current.setContextClassLoader(prev);
        }
        return s;
    }

    /**
     * Runs typical cells without a connection, then returns: used once at install time under
     * {@code -XX:ArchiveClassesAtExit} so the JVM's class-data archive covers JShell and the compiler.
     */
    void train() throws Exception {
        train(List.of());
    }

    /** The cells of a training file: cells separated by lines that are exactly {@value #CELL_SEPARATOR}. */
    static List<String> readTrainingCells(Path file) throws java.io.IOException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.equals(CELL_SEPARATOR)) {
                if (!cell.toString().isBlank()) cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(line).append('\n');
            }
        }
        if (!cell.toString().isBlank()) cells.add(cell.toString());
        return cells;
    }

    static final String CELL_SEPARATOR = "//--nflab-cell--";

    /**
     * As {@link #train()}, then runs {@code extraCells} (the kit's notebooks' code cells, say), so
     * the archive also covers the classes the notebooks load. A failing cell is ignored.
     */
    void train(List<String> extraCells) throws Exception {
        Display.detach(this); // no Jupyter connection: rich output falls back to text
        JShell s = buildShell();
        String[] cells = {
            "System.out.print(\"\");\nint n = 40;\nn += 2;",
            "record R(String a, int b) { String label() { return b + \"/\" + a; } }\nvar r = new R(\"tcp\", 80);\nr.label()",
            "var list = new ArrayList<String>(List.of(\"b\", \"a\"));\nCollections.sort(list);\n"
                + "String joined = list.stream().map(x -> x.toUpperCase()).reduce(\"\", (x, y) -> x + y);",
            "StringBuilder sb = new StringBuilder();\nfor (int i = 0; i < 3; i++) {\n"
                + "    sb.append(String.format(\"<rect x='%d'/>\", i));\n}\nsb.toString()",
            "Map<String, Integer> m = new TreeMap<>(Map.of(\"x\", 1));\nm",
            "if (n != 42) throw new AssertionError(\"n\");",
            "if (n == 42) throw new AssertionError(\"expected to fail\");",
            "undefinedCall(1);",
        };
        for (String cell : cells) {
            try {
                evalCell(s, cell);
            } catch (CellError expected) {
                formatError(expected);
            }
        }
        for (String cell : extraCells) {
            try {
                evalCell(s, cell);
            } catch (CellError | RuntimeException ignored) {
                // training only: a cell that needs a display or data it lacks still loaded its classes
            }
        }
        s.sourceCodeAnalysis().completionSuggestions("Str", 3, new int[1]);
        s.close();
    }

    private JShell shell() throws CellError {
        try {
            return shell.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellError.KernelError("interrupted while JShell was starting", List.of("interrupted"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new CellError.KernelError("JShell could not start: " + c,
                    List.of("The kernel could not start JShell: " + c));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Evaluation

    @Override
    public DisplayData eval(String code) throws Exception {
        JShell s = shell();
        if (!warningsShown) {
            warningsShown = true;
            for (String w : classPath.warnings) {
                System.err.println("nflab-kernel: warning: " + w);
            }
        }
        Thread current = Thread.currentThread();
        ClassLoader prev = current.getContextClassLoader();
        current.setContextClassLoader(snippetLoader.classLoader());
        interrupted = false;
        try {
            String value = evalCell(s, code);
            return value == null ? null : new DisplayData(value);
        } finally {
            System.out.flush();
            System.err.flush();
            current.setContextClassLoader(prev);
        }
    }

    private String evalCell(JShell s, String code) throws CellError {
        SourceCodeAnalysis sca = s.sourceCodeAnalysis();
        String remaining = code;
        int consumed = 0;
        String value = null;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(remaining);
            SourceCodeAnalysis.Completeness c = info.completeness();
            if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                return value;
            }
            if (!c.isComplete()) {
                int start = consumed + leadingWhitespace(remaining);
                int line = lineOf(code, start);
                List<String> tb = new ArrayList<>();
                tb.add("Incomplete code at cell line " + line + " (a missing ';', ')' or '}'?):");
                tb.addAll(excerpt(code, start, code.length()));
                throw new CellError.IncompleteInput("the cell ends inside a statement that starts at line " + line, tb);
            }
            value = runSnippet(s, info.source(), code, consumed);
            int used = remaining.length() - info.remaining().length();
            if (used <= 0) {
                return value; // defensive: never loop forever
            }
            consumed += used;
            remaining = info.remaining();
        }
    }

    /**
     * Evaluates one snippet whose source starts at offset {@code srcStart} of the cell. JShell reports
     * compile positions relative to the source as given, and runtime line numbers relative to its
     * first non-blank character ({@code start}).
     */
    private String runSnippet(JShell s, String source, String cell, int srcStart) throws CellError {
        int start = srcStart + leadingWhitespace(source);
        List<SnippetEvent> events = s.eval(source);
        if (interrupted) {
            throw new CellError.Interrupted("interrupted at cell line " + lineOf(cell, start),
                    List.of("Interrupted: the cell was stopped at line " + lineOf(cell, start)));
        }
        String value = null;
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() != null) {
                continue; // a consequence (e.g. a dependent redefined), not this snippet
            }
            Snippet sn = ev.snippet();
            snippetOrigin.put(sn.id(), "cell [" + (executionCount.get() - 1) + "] line " + lineOf(cell, start));
            JShellException ex = ev.exception();
            if (ex != null) {
                throw runtimeError(s, ex, sn, cell, start);
            }
            switch (ev.status()) {
                case REJECTED:
                    throw compileError(s, sn, cell, srcStart);
                case RECOVERABLE_NOT_DEFINED:
                    throw unresolved(s, (DeclarationSnippet) sn, cell, start);
                default:
                    break;
            }
            switch (sn.subKind()) {
                case TEMP_VAR_EXPRESSION_SUBKIND:
                case VAR_VALUE_SUBKIND:
                case OTHER_EXPRESSION_SUBKIND:
                    value = ev.value();
                    break;
                default:
                    value = null;
            }
        }
        return value;
    }

    private CellError compileError(JShell s, Snippet sn, String cell, int start) {
        List<Diag> diags = s.diagnostics(sn).filter(Diag::isError).collect(Collectors.toList());
        List<String> tb = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            long from = d.getStartPosition();
            long to = Math.max(d.getEndPosition(), from + 1);
            String msg = d.getMessage(null);
            List<String> msgLines = msg.lines()
                    .filter(l -> !l.strip().startsWith("location:"))
                    .collect(Collectors.toList());
            if (from >= 0) {
                int at = start + (int) from;
                int line = lineOf(cell, at);
                tb.add("Compile error at cell line " + line + ": " + msgLines.get(0));
                tb.addAll(excerpt(cell, at, start + (int) to));
                if (first == null) {
                    first = "line " + line + ": " + msgLines.get(0);
                }
            } else {
                tb.add("Compile error: " + msgLines.get(0));
                if (first == null) {
                    first = msgLines.get(0);
                }
            }
            for (int i = 1; i < msgLines.size(); i++) {
                tb.add("  " + msgLines.get(i).strip());
            }
        }
        if (diags.isEmpty()) {
            first = "the code was rejected";
            tb.add("Compile error: the code starting at cell line " + lineOf(cell, start) + " was rejected");
        }
        return new CellError.CompileError(first, tb);
    }

    private CellError unresolved(JShell s, DeclarationSnippet sn, String cell, int start) {
        List<String> deps = s.unresolvedDependencies(sn).collect(Collectors.toList());
        String what = String.join(", ", deps);
        List<String> tb = new ArrayList<>();
        tb.add("Cannot define this yet: it uses " + what + ", which is not defined (cell line "
                + lineOf(cell, start) + ")");
        tb.addAll(excerpt(cell, start, start + 1));
        return new CellError.CompileError("unresolved: " + what, tb);
    }

    private CellError runtimeError(JShell s, JShellException ex, Snippet sn, String cell, int start) {
        List<String> tb = new ArrayList<>();
        if (ex instanceof UnresolvedReferenceException) {
            DeclarationSnippet d = ((UnresolvedReferenceException) ex).getSnippet();
            String deps = s.unresolvedDependencies(d).collect(Collectors.joining(", "));
            String msg = "cannot run " + d.name() + ": it uses " + deps + ", which is not defined";
            tb.add(msg);
            return new CellError.CompileError(msg, tb);
        }
        String head = describe(ex);
        tb.add(head);
        addFrames(tb, ex.getStackTrace(), sn, cell, start);
        Set<Throwable> seen = new LinkedHashSet<>();
        Throwable cause = ex.getCause();
        while (cause != null && seen.add(cause)) {
            tb.add("Caused by: " + describe(cause));
            addFrames(tb, cause.getStackTrace(), sn, cell, start);
            cause = cause.getCause();
        }
        return new CellError.JavaException(head, tb);
    }

    private static String describe(Throwable t) {
        String name = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
        String msg = t.getMessage();
        return msg == null || msg.isEmpty() ? name : name + ": " + msg;
    }

    private void addFrames(List<String> tb, StackTraceElement[] frames, Snippet sn, String cell, int start) {
        int shown = 0;
        int hidden = 0;
        for (StackTraceElement f : frames) {
            String cls = f.getClassName();
            if (isMachinery(cls)) {
                hidden++;
                continue;
            }
            if (shown == MAX_FRAMES) {
                hidden++;
                continue;
            }
            shown++;
            String file = f.getFileName();
            boolean inCell = file != null && file.startsWith("#");
            tb.add("    at " + (inCell ? snippetFrame(f, sn, cell, start) : f.toString()));
            if (inCell && sn.id().equals(file.substring(1))) {
                break; // the cell itself: everything below is JShell's machinery
            }
        }
        if (hidden > 0 && shown == 0) {
            tb.add("    (no frames in the notebook's or the kit's code)");
        }
    }

    private static boolean isMachinery(String cls) {
        return cls.startsWith("jdk.jshell.") || cls.startsWith("jdk.internal.reflect.")
                || cls.startsWith("java.lang.reflect.") || cls.startsWith("sun.reflect.")
                || cls.startsWith("java.lang.Thread") || cls.startsWith("dev.nflab.kernel.");
    }

    /** A frame of code typed in a cell: JShell names its file "#ID" after the snippet's id. */
    private String snippetFrame(StackTraceElement f, Snippet sn, String cell, int start) {
        String file = f.getFileName();
        String method = f.getMethodName();
        String cls = f.getClassName();
        String name = method == null || method.isEmpty() || method.equals("do_it$")
                ? "<cell>"
                : (cls == null || cls.isEmpty() || cls.startsWith("REPL.") ? method : cls + "." + method);
        String where;
        if (file.equals("#" + sn.id()) && f.getLineNumber() > 0) {
            where = "cell line " + (lineOf(cell, start) + f.getLineNumber() - 1);
        } else {
            String origin = snippetOrigin.get(file.substring(1));
            where = origin != null
                    ? "defined in " + origin + (f.getLineNumber() > 1 ? " + " + (f.getLineNumber() - 1) + " lines" : "")
                    : "snippet " + file + (f.getLineNumber() > 0 ? " line " + f.getLineNumber() : "");
        }
        return name + ", " + where;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** 1-based line number of a character offset in the cell. */
    static int lineOf(String cell, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, cell.length()); i++) {
            if (cell.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The cell lines from offset {@code from} to {@code to}, with a caret line under the first. */
    static List<String> excerpt(String cell, int from, int to) {
        List<String> out = new ArrayList<>();
        if (cell.isEmpty()) {
            return out;
        }
        from = Math.max(0, Math.min(from, cell.length() - 1));
        int lineStart = cell.lastIndexOf('\n', from - 1) + 1;
        int lineEnd = cell.indexOf('\n', from);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        String text = cell.substring(lineStart, lineEnd);
        out.add("    " + text);
        int caretEnd = Math.min(Math.max(to, from + 1), lineEnd);
        StringBuilder caret = new StringBuilder("    ");
        for (int i = lineStart; i < from; i++) {
            caret.append(cell.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append("^".repeat(Math.max(1, caretEnd - from)));
        out.add(caret.toString());
        return out;
    }

    @Override
    public List<String> formatError(Exception e) {
        if (e instanceof CellError) {
            return ((CellError) e).traceback();
        }
        List<String> lines = new ArrayList<>();
        lines.add("nflab-kernel internal error: " + e);
        return lines;
    }

    // ---------------------------------------------------------------------------------------------
    // Completion, inspection, completeness

    @Override
    public ReplacementOptions complete(String code, int at) throws Exception {
        JShell s = shell();
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                s.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        if (suggestions == null || suggestions.isEmpty()) {
            return null;
        }
        List<String> options = new ArrayList<>(new LinkedHashSet<>(suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .collect(Collectors.toList())));
        return new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) throws Exception {
        JShell s = shell();
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int paren = end;
        while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) {
            paren++;
        }
        if (paren < code.length() && code.charAt(paren) == '(') {
            end = paren + 1;
        }
        List<SourceCodeAnalysis.Documentation> docs = s.sourceCodeAnalysis().documentation(code, end, true);
        if ((docs == null || docs.isEmpty()) && (end == code.length() || code.charAt(end) != '(')) {
            // "list.add|" documents nothing; "list.add(|" documents the method's overloads
            docs = s.sourceCodeAnalysis().documentation(code.substring(0, end) + "(", end + 1, true);
        }
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        String text = docs.stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
                .collect(Collectors.joining("\n\n"));
        return new DisplayData(text);
    }

    @Override
    public String isComplete(String code) {
        JShell s = shell.getNow(null);
        if (s == null) {
            return IS_COMPLETE_MAYBE;
        }
        SourceCodeAnalysis sca = s.sourceCodeAnalysis();
        SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(code);
        while (info.completeness().isComplete() && info.completeness() != SourceCodeAnalysis.Completeness.UNKNOWN) {
            info = sca.analyzeCompletion(info.remaining());
        }
        switch (info.completeness()) {
            case UNKNOWN:
                return IS_COMPLETE_BAD;
            case EMPTY:
            case COMPLETE:
            case COMPLETE_WITH_SEMI:
                return IS_COMPLETE_YES;
            default:
                return "    ";
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public LanguageInfo getLanguageInfo() {
        return languageInfo;
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " :: nflab kernel (JShell)";
    }

    @Override
    public void interrupt() {
        JShell s = shell.getNow(null);
        if (s != null) {
            interrupted = true;
            s.stop();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        Display.detach(this);
        JShell s = shell.getNow(null);
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // shutting down anyway
            }
        }
    }
}
