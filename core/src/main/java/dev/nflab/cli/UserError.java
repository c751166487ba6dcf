package dev.nflab.cli;

/** A problem with what the user asked for: printed as one line, with an exit status (2 by default). */
public final class UserError extends RuntimeException {
    private final int status;

    public UserError(String message) {
        this(message, 2);
    }

    public UserError(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
