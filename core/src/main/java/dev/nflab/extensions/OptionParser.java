package dev.nflab.extensions;

/**
 * One extension's option parser for one rule (libxtables' {@code parse} and {@code final_check}):
 * it takes the options it knows, then builds the match or target.
 *
 * @param <T> {@link dev.nflab.netfilter.Match} or {@link dev.nflab.netfilter.Target}
 */
public interface OptionParser<T> {
    /**
     * Takes {@code option} (and its values from {@code values}) if it is this extension's;
     * {@code inverted} when a {@code !} came before it.
     */
    boolean parse(String option, boolean inverted, OptionValues values) throws ParameterProblem;

    /**
     * The long options this extension adds to iptables' option table (getopt_long then takes an
     * unambiguous prefix of one, {@code --dpor} for {@code --dport}); empty: only exact names.
     */
    default java.util.List<String> options() {
        return java.util.List.of();
    }

    /** The match or target the options describe, or iptables' problem when one is missing. */
    T build() throws ParameterProblem;
}
