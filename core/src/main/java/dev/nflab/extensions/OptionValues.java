package dev.nflab.extensions;

import dev.nflab.netfilter.IpSets;

/**
 * The rest of the command line, as an extension's parser reads its options' values from it, and
 * the rule so far, as libxtables hands an extension the entry being built (its {@code ip.proto}:
 * a {@code -p} given after the option is not seen).
 */
public interface OptionValues {
    /** The value after {@code option}, or iptables' "requires an argument" problem. */
    String value(String option) throws ParameterProblem;

    /** The rule's {@code -p} so far: its number, 0 when none was given. */
    default int protocol() {
        return 0;
    }

    /** Prints a warning on stderr, as an extension's parser may (the command still goes ahead). */
    default void warn(String message) {
    }

    /** Whether that {@code -p} was inverted. */
    default boolean protocolInverted() {
        return false;
    }

    /**
     * The next word of the command line without taking it, or null at its end: for an option
     * with two values ({@code --match-set NAME FLAGS}), as libxtables reads argv[optind].
     */
    default String peek() {
        return null;
    }

    /** Takes the word {@link #peek} showed. */
    default void skip() {}

    /** The namespace's ipset sets (the set match looks its set up while parsing, as libxt_set). */
    default IpSets ipsets() {
        return new IpSets();
    }
}
