package dev.nflab.netfilter;

/**
 * A change the kernel (or iptables) refuses, worded as iptables words it, with iptables' exit
 * status: 1 for most errors, 2 for a bad command line, 3 for a missing table.
 */
public final class RulesetException extends RuntimeException {
    private final int status;

    /**
     * What a match's checkentry throws for the kernel's EINVAL; the table words it as the back end
     * does (iptables-nft names the batch operation and chain).
     */
    public static final String EINVAL = "EINVAL";

    public RulesetException(String message, int status) {
        super(message);
        this.status = status;
    }

    public RulesetException(String message) {
        this(message, 1);
    }

    public int status() {
        return status;
    }
}
