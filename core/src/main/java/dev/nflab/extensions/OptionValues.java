package dev.nflab.extensions;

/** The rest of the command line, as an extension's parser reads its options' values from it. */
public interface OptionValues {
    /** The value after {@code option}, or iptables' "requires an argument" problem. */
    String value(String option) throws ParameterProblem;
}
