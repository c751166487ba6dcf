package dev.nflab.kernel;

import java.util.List;

/**
 * A failed cell, already formatted for people: Jupyter shows {@link #traceback()} (a few readable lines,
 * not a kernel stack trace) and uses the class's simple name as {@code ename}.
 */
class CellError extends Exception {

    private final List<String> traceback;

    CellError(String message, List<String> traceback) {
        super(message, null, false, false);
        this.traceback = List.copyOf(traceback);
    }

    List<String> traceback() {
        return traceback;
    }

    /** The code does not compile (ename {@code CompileError}). */
    static final class CompileError extends CellError {
        CompileError(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The code threw (ename {@code JavaException}; evalue starts with the thrown class's name). */
    static final class JavaException extends CellError {
        JavaException(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The cell ends in the middle of a statement (ename {@code IncompleteInput}). */
    static final class IncompleteInput extends CellError {
        IncompleteInput(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The cell was stopped by an interrupt (ename {@code Interrupted}). */
    static final class Interrupted extends CellError {
        Interrupted(String message, List<String> traceback) {
            super(message, traceback);
        }
    }

    /** The kernel could not start JShell (ename {@code KernelError}). */
    static final class KernelError extends CellError {
        KernelError(String message, List<String> traceback) {
            super(message, traceback);
        }
    }
}
