package dev.nflab.exercises.grader;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles an exercise's sources in this JVM with javax.tools (no javac process to start). */
final class Compiler {
    private final JavaCompiler javac;
    private final String classPath;

    Compiler(String classPath) {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the grader with a JDK, not a JRE");
        }
        this.classPath = classPath;
    }

    /** Compiles {@code sources} into {@code out}; returns null on success, else the errors as javac words them. */
    synchronized String compile(List<Path> sources, Path out) throws IOException {
        return compile(sources, out, classPath);
    }

    /** The same with another class path (the learner's files compile against what their sandbox holds). */
    synchronized String compile(List<Path> sources, Path out, String classPath) throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            List<String> options = List.of("-d", out.toString(), "-cp", classPath, "-proc:none", "-g",
                    "-encoding", "UTF-8", "-nowarn", "-Xlint:none", "-implicit:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (ok) return null;
            StringBuilder b = new StringBuilder();
            int shown = 0;
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                if (shown++ == 8) {
                    b.append("... (more errors)\n");
                    break;
                }
                String file = d.getSource() == null ? "" : new File(d.getSource().toUri()).getName();
                b.append(file).append(':').append(d.getLineNumber()).append(": ")
                        .append(d.getMessage(Locale.ROOT)).append('\n');
            }
            return b.toString().strip();
        }
    }
}
