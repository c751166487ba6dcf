package dev.nflab.iptables;

import dev.nflab.extensions.Extensions;
import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Rule;
import java.util.List;

/**
 * One parsed iptables command line: the command ({@code -A -I -D -R -C -N -X -F -Z -P -L -S}),
 * its table, chain, position, and rule, and the listing flags.
 */
public final class Command {
    /** The iptables commands the model carries out. */
    public enum Kind { APPEND, INSERT, DELETE, REPLACE, CHECK, NEW_CHAIN, DELETE_CHAIN, FLUSH, ZERO, POLICY, LIST,
        LIST_RULES, NONE }

    private Kind kind = Kind.NONE;
    private String table = "filter";
    private String chain;
    private int position = -1;
    private String policy;
    private Rule rule;
    private List<Rule> rules = List.of();
    private boolean ruleGiven;
    private boolean numeric, verbose, exact, lineNumbers;
    private long[] counters;
    private final List<String> warnings = new java.util.ArrayList<>();

    /** The warnings iptables prints on stderr while parsing (the command still goes ahead). */
    public List<String> warnings() { return warnings; }

    public Kind kind() { return kind; }
    public String table() { return table; }
    public String chain() { return chain; }
    public int position() { return position; }
    public String policy() { return policy; }
    public Rule rule() { return rule; }
    /** The rules the command adds: one per source and destination address ({@code -s A,B}). */
    public List<Rule> rules() { return rules; }
    public boolean numeric() { return numeric; }
    public boolean verbose() { return verbose; }
    public boolean exact() { return exact; }
    public boolean lineNumbers() { return lineNumbers; }
    /** {@code -c PKTS BYTES}: counters to set on the rule, or null. */
    public long[] counters() { return counters; }

    /**
     * Parses the words after {@code iptables}. With {@code ruleOnly}, the words are just a rule
     * specification (a save file's line after {@code -A CHAIN}).
     */
    public static Command parse(List<String> words, boolean ruleOnly) throws IptablesException {
        return parse(words, ruleOnly, Extensions.standard());
    }

    /** As {@link #parse(List, boolean)}, loading matches and targets from {@code extensions}. */
    public static Command parse(List<String> words, boolean ruleOnly, Extensions extensions) throws IptablesException {
        return parse(words, ruleOnly, extensions, new IpSets());
    }

    /** As {@link #parse(List, boolean, Extensions)} in a namespace with these ipset sets. */
    public static Command parse(List<String> words, boolean ruleOnly, Extensions extensions, IpSets ipsets)
            throws IptablesException {
        Command c = new Command();
        try {
            return c.parseInto(words, ruleOnly, extensions, ipsets);
        } catch (IptablesException e) {
            throw e.withWarnings(c.warnings);
        }
    }

    private Command parseInto(List<String> words, boolean ruleOnly, Extensions extensions, IpSets ipsets)
            throws IptablesException {
        Command c = this;
        RuleParser rp = new RuleParser(extensions, ipsets, warnings);
        Args args = new Args(words);
        while (args.hasNext()) {
            String w = args.next();
            boolean inverted = false;
            if (w.equals("!")) {
                if (!args.hasNext()) throw new IptablesException("nothing appropriate following !", 2);
                inverted = true;
                w = args.next();
                if (w.equals("!")) throw new IptablesException("multiple consecutive ! not allowed", 2);
            }
            w = rp.resolve(w, ruleOnly ? List.of() : OPTIONS);
            if (!ruleOnly && !inverted && c.command(w, args)) continue;
            if (rp.accept(w, inverted, args)) continue;
            if (w.startsWith("-")) throw new IptablesException("unknown option \"" + w + "\"", 2);
            throw IptablesException.bare("Bad argument `" + w + "'", 2);
        }
        // do_parse, right after the options and before the extensions' final checks
        if (!ruleOnly && table.equals("nat") && ("DROP".equals(policy) || "DROP".equals(rp.targetName()))) {
            throw new IptablesException("\nThe \"nat\" table is not intended for filtering, the use of DROP is"
                    + " therefore inhibited.\n\n", 2);
        }
        c.ruleGiven = !rp.isEmpty();
        if (ruleOnly) {
            c.rule = rp.build();
            c.rules = List.of(c.rule);
        } else {
            c.rules = rp.buildAll();
            c.rule = c.rules.get(0);
            if (c.rules.size() > 1 && c.kind == Kind.REPLACE) {
                throw new IptablesException("Replacement rule does not specify a unique address", 2);
            }
        }
        if (ruleOnly) return c;
        c.validate();
        return c;
    }

    /** The command's long options (an unambiguous prefix of one is taken too). */
    private static final List<String> OPTIONS = List.of("--table", "--append", "--check", "--insert", "--delete",
            "--replace", "--new-chain", "--delete-chain", "--flush", "--zero", "--list", "--list-rules", "--policy",
            "--numeric", "--verbose", "--exact", "--line-numbers", "--wait", "--set-counters", "--rename-chain",
            "--version", "--help", "--ipv4", "--ipv6", "--modprobe", "--wait-interval");

    private boolean command(String w, Args args) throws IptablesException {
        switch (w) {
            case "-t", "--table" -> table = args.value(w);
            case "-A", "--append" -> set(Kind.APPEND, args.value(w));
            case "-C", "--check" -> set(Kind.CHECK, args.value(w));
            case "-I", "--insert" -> {
                set(Kind.INSERT, args.value(w));
                position = number(args.optionalValue(), 1);
            }
            case "-D", "--delete" -> {
                set(Kind.DELETE, args.value(w));
                position = number(args.optionalValue(), -1);
            }
            case "-R", "--replace" -> {
                set(Kind.REPLACE, args.value(w));
                position = number(args.value(w), -1);
            }
            case "-N", "--new-chain" -> set(Kind.NEW_CHAIN, args.value(w));
            case "-X", "--delete-chain" -> set(Kind.DELETE_CHAIN, args.optionalValue());
            case "-F", "--flush" -> set(Kind.FLUSH, args.optionalValue());
            case "-Z", "--zero" -> set(Kind.ZERO, args.optionalValue());
            case "-L", "--list" -> set(Kind.LIST, args.optionalValue());
            case "-S", "--list-rules" -> set(Kind.LIST_RULES, args.optionalValue());
            case "-P", "--policy" -> {
                set(Kind.POLICY, args.value(w));
                policy = args.value(w);
            }
            case "-n", "--numeric" -> numeric = true;
            case "-v", "--verbose" -> verbose = true;
            case "-x", "--exact" -> exact = true;
            case "--line-numbers" -> lineNumbers = true;
            case "-w", "--wait" -> args.optionalValue();
            case "-c", "--set-counters" -> {
                try {
                    counters = new long[] {Long.parseLong(args.value(w)), Long.parseLong(args.value(w))};
                } catch (NumberFormatException e) {
                    throw new IptablesException("-c packet counter not numeric", 2);
                }
            }
            default -> {
                // Bundled short flags as in "-nvL" or "-vnx".
                if (w.length() > 2 && w.charAt(0) == '-' && w.charAt(1) != '-' && w.chars().skip(1)
                        .allMatch(ch -> "nvxLSZF".indexOf(ch) >= 0)) {
                    for (char ch : w.substring(1).toCharArray()) command("-" + ch, args);
                    return true;
                }
                return false;
            }
        }
        return true;
    }

    private void set(Kind k, String chainName) throws IptablesException {
        if (kind != Kind.NONE && !(kind == Kind.ZERO && k == Kind.LIST) && !(kind == Kind.LIST && k == Kind.ZERO)) {
            throw new IptablesException("Cannot use -" + letter(k) + " with -" + letter(kind), 2);
        }
        if (kind == Kind.NONE || k == Kind.LIST) kind = k;
        if (chainName != null) chain = chainName;
    }

    private static String letter(Kind k) {
        return switch (k) {
            case APPEND -> "A"; case INSERT -> "I"; case DELETE -> "D"; case REPLACE -> "R"; case CHECK -> "C";
            case NEW_CHAIN -> "N"; case DELETE_CHAIN -> "X"; case FLUSH -> "F"; case ZERO -> "Z"; case POLICY -> "P";
            case LIST -> "L"; case LIST_RULES -> "S"; case NONE -> "?";
        };
    }

    private static int number(String text, int absent) throws IptablesException {
        if (text == null) return absent;
        try {
            int n = Integer.parseInt(text);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IptablesException("Invalid rule number `" + text + "'", 2);
        }
    }

    private void validate() throws IptablesException {
        switch (kind) {
            case NONE -> throw new IptablesException("no command specified", 2);
            case APPEND, INSERT, CHECK, REPLACE -> {
                if (!ruleGiven) {
                    // iptables accepts a rule with no condition and no target (it only counts).
                }
                checkInterfaces();
            }
            case DELETE -> {
                if (position < 0) checkInterfaces();
                else if (ruleGiven) throw new IptablesException("Illegal option with -D CHAIN NUM: a rule", 2);
            }
            default -> {
                if (ruleGiven) throw new IptablesException("Illegal option `rule specification' with this command", 2);
            }
        }
    }

    /** iptables refuses -i in OUTPUT/POSTROUTING and -o in PREROUTING/INPUT: they never match there. */
    private void checkInterfaces() throws IptablesException {
        if (chain == null) return;
        if (rule.inInterface() != null && (chain.equals("OUTPUT") || chain.equals("POSTROUTING"))) {
            throw new IptablesException("Can't use -i with " + chain, 2);
        }
        if (rule.outInterface() != null && (chain.equals("PREROUTING") || chain.equals("INPUT"))) {
            throw new IptablesException("Can't use -o with " + chain, 2);
        }
    }
}
