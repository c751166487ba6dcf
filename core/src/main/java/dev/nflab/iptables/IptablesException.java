package dev.nflab.iptables;

/**
 * A command or rules file iptables would refuse: the message in iptables' words, the exit status
 * iptables gives (2 for a bad command line, 1 for a refused change, 3 for a missing table), and,
 * for a file, where.
 */
public final class IptablesException extends Exception {
    private final int status;

    public IptablesException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    private boolean bare;

    /** An error iptables prints without its "iptables vX (back end): " banner (Bad argument). */
    public static IptablesException bare(String message, int status) {
        IptablesException e = new IptablesException(message, status);
        e.bare = true;
        return e;
    }

    public boolean isBare() {
        return bare;
    }

    private final java.util.List<String> warnings = new java.util.ArrayList<>();

    /** Warnings iptables printed before it gave up (a weird interface name), in order. */
    public java.util.List<String> warnings() {
        return warnings;
    }

    /** This error, after {@code earlier} warnings. */
    public IptablesException withWarnings(java.util.List<String> earlier) {
        if (warnings.isEmpty()) warnings.addAll(earlier);
        return this;
    }

    /**
     * The same error, located in a file: {@code FILE:LINE: message}, one line (xtables' option
     * parser ends its messages with a newline, which on the command line leaves a blank line).
     */
    public IptablesException at(String file, int line) {
        return new IptablesException(file + ":" + line + ": " + getMessage().stripTrailing(), status);
    }
}
