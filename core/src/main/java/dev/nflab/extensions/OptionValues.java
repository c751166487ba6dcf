package dev.nflab.extensions;

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
}
