package dev.nflab.extensions;

/**
 * A bad option or value, in iptables' words: what an extension's parser reports with
 * {@code xtables_error(PARAMETER_PROBLEM, ...)}. iptables then exits with status 2.
 */
public final class ParameterProblem extends Exception {
    public ParameterProblem(String message) {
        super(message);
    }
}
