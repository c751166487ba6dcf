package dev.nflab.exercises.grader;

/** Turns what a failed test threw into a message for the learner. */
final class Messages {
    private Messages() {}

    static String describe(Throwable t, String exercisePackage) {
        if (t == null) return "failed";
        if (t instanceof dev.nflab.exercises.support.Learner.SandboxFailure) {
            return "the grader could not run your code: " + t.getMessage();
        }
        if (t instanceof AssertionError) {
            String m = t.getMessage();
            return m == null || m.isBlank() ? "assertion failed" : m;
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof UnsupportedOperationException && m.contains("TODO")) {
            return "not done yet: " + m;
        }
        if (t instanceof ExceptionInInitializerError && t.getCause() != null) t = t.getCause();
        StringBuilder b = new StringBuilder("your code threw ").append(t.getClass().getName());
        if (t.getMessage() != null) b.append(": ").append(t.getMessage());
        StackTraceElement where = firstFrame(t, exercisePackage);
        if (where != null) {
            b.append("\n  at ").append(where.getClassName().substring(where.getClassName().lastIndexOf('.') + 1))
                    .append('.').append(where.getMethodName()).append(" (").append(where.getFileName()).append(':')
                    .append(where.getLineNumber()).append(')');
        }
        return b.toString();
    }

    private static StackTraceElement firstFrame(Throwable t, String pkg) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (!pkg.isEmpty() && e.getClassName().startsWith(pkg + ".")) return e;
        }
        return t.getStackTrace().length > 0 ? t.getStackTrace()[0] : null;
    }
}
