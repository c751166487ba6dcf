package dev.nflab.ufw;

/** A command ufw refuses: its message (as ufw prints it, e.g. {@code ERROR: Bad port}), exit status 1. */
public final class UfwException extends Exception {
    private static final long serialVersionUID = 1L;

    public UfwException(String message) {
        super(message);
    }
}
