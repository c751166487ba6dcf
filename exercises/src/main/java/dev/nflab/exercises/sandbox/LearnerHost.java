package dev.nflab.exercises.sandbox;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

/**
 * The only code of the grader's that runs in the learner's JVM (in the sandbox, as an unprivileged
 * user): it calls the learner's methods when the grader asks and answers with their values as
 * {@link Wire} data. It holds no secret and makes no decision: the learner's code can take it over
 * entirely, and the worst it can then do is answer the questions wrongly, or not at all. The tests,
 * the expected answers and the verdicts stay in the grader's JVM.
 *
 * <pre>
 *   request  (stdin):  CALL &lt;id&gt; &lt;class&gt; &lt;method&gt; &lt;escaped Wire list of arguments&gt;
 *   answers (stdout):  RET &lt;id&gt; &lt;escaped Wire value&gt; &lt;escaped printed output&gt;
 *                      EXC &lt;id&gt; &lt;escaped message&gt; &lt;escaped printed output&gt;
 *                      EXIT  (the JVM is shutting down)
 * </pre>
 */
public final class LearnerHost {
    private static final int OUTPUT_TAIL = 1500;

    private LearnerHost() {}

    public static void main(String[] args) throws Exception {
        PrintStream proto = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        BufferedReader requests = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in),
                StandardCharsets.UTF_8));
        OutputTail output = new OutputTail(OUTPUT_TAIL);
        PrintStream captured = new PrintStream(output, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        String pkg = args.length > 0 ? args[0] : "";
        // The JVM is ending (System.exit, or a signal): say so at once, so that the grader does not
        // wait for the learner's own shutdown hooks (they run concurrently with this one).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proto.print("EXIT\n");
            proto.flush();
        }));
        String line;
        while ((line = requests.readLine()) != null) {
            String[] f = line.split("\t", -1);
            if (f.length < 5 || !f[0].equals("CALL")) continue;
            output.reset();
            String reply;
            try {
                Object value = call(f[2], f[3], Wire.decode(Wire.unescape(f[4])));
                reply = "RET\t" + f[1] + "\t" + Wire.escape(Wire.encode(value));
            } catch (Throwable t) {
                String message;
                try {
                    message = describe(t, pkg);
                } catch (Throwable again) {
                    message = "your code threw an exception that could not be described";
                }
                reply = "EXC\t" + f[1] + "\t" + Wire.escape(message);
            }
            proto.print(reply + "\t" + Wire.escape(output.text()) + "\n");
            proto.flush();
        }
        Runtime.getRuntime().halt(0);
    }

    private static Object call(String className, String methodName, Object argList) throws Throwable {
        Object[] args = ((java.util.List<?>) argList).toArray();
        ClassLoader loader = LearnerHost.class.getClassLoader();
        for (int i = 0; i < args.length; i++) args[i] = Wire.toEnums(args[i], loader);
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new Missing("there is no class " + className + " in your files (keep the class and package names)");
        }
        Method found = null;
        for (Method m : c.getMethods()) {
            if (m.getName().equals(methodName) && Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == args.length) {
                found = m;
            }
        }
        if (found == null) {
            throw new Missing(c.getSimpleName() + " has no public static method " + methodName + " with "
                    + args.length + " parameter(s) (keep the names and signatures of the file you were given)");
        }
        try {
            return found.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (ExceptionInInitializerError e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }

    /** A problem with the shape of the learner's file, told as is. */
    private static final class Missing extends Exception {
        Missing(String message) {
            super(message);
        }
    }

    /** What a failed call threw, for the learner (the same words as the grader's own messages). */
    static String describe(Throwable t, String pkg) {
        if (t instanceof Missing) return t.getMessage();
        if (t instanceof Wire.WireException) return "your answer cannot be graded: " + t.getMessage();
        if (t instanceof AssertionError) {
            String m = t.getMessage();
            return m == null || m.isBlank() ? "assertion failed" : m;
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof UnsupportedOperationException && m.contains("TODO")) return "not done yet: " + m;
        StringBuilder b = new StringBuilder("your code threw ").append(t.getClass().getName());
        if (t.getMessage() != null) b.append(": ").append(t.getMessage());
        StackTraceElement where = null;
        for (StackTraceElement e : t.getStackTrace()) {
            if (!pkg.isEmpty() && e.getClassName().startsWith(pkg + ".")) {
                where = e;
                break;
            }
        }
        if (where == null && t.getStackTrace().length > 0) where = t.getStackTrace()[0];
        if (where != null) {
            b.append("\n  at ").append(where.getClassName().substring(where.getClassName().lastIndexOf('.') + 1))
                    .append('.').append(where.getMethodName()).append(" (").append(where.getFileName()).append(':')
                    .append(where.getLineNumber()).append(')');
        }
        return b.toString();
    }

}
