package dev.nflab.iptables;

import dev.nflab.extensions.Extensions;
import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.RulesetException;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import java.util.List;

/**
 * The {@code iptables} command on a model ruleset: the same options, the same output, the same
 * error messages and exit statuses, so a learner can type what the walkthrough types.
 */
public final class Iptables {
    private final Ruleset ruleset;
    private final Extensions extensions;

    /** What a command printed, and its exit status. */
    public record Result(int status, String stdout, String stderr) {}

    public Iptables(Ruleset ruleset) {
        this(ruleset, Extensions.standard());
    }

    /** iptables loading its matches and targets from {@code extensions}. */
    public Iptables(Ruleset ruleset, Extensions extensions) {
        this.ruleset = ruleset;
        this.extensions = extensions;
    }

    /** Runs a command line such as {@code iptables -t nat -L -n -v} (the word iptables optional). */
    public Result run(String commandLine) {
        try {
            List<String> words = Tokenizer.split(commandLine);
            if (!words.isEmpty() && (words.get(0).equals("iptables") || words.get(0).endsWith("/iptables"))) {
                words = words.subList(1, words.size());
            }
            return run(words);
        } catch (IptablesException e) {
            return error(e);
        }
    }

    public Result run(List<String> words) {
        Command c;
        try {
            c = Command.parse(words, false, extensions, ruleset.ipsets());
        } catch (IptablesException e) {
            return error(e);
        }
        try {
            String out = execute(c);
            StringBuilder err = new StringBuilder();
            for (String w : c.warnings()) err.append(w).append('\n');
            return new Result(0, out, err.toString());
        } catch (IptablesException e) {
            return error(e.withWarnings(c.warnings()));
        }
    }

    /** Runs a command, throwing iptables' error instead of returning it. */
    public String execute(String commandLine) throws IptablesException {
        List<String> words = Tokenizer.split(commandLine);
        if (!words.isEmpty() && words.get(0).equals("iptables")) words = words.subList(1, words.size());
        return execute(Command.parse(words, false, extensions, ruleset.ipsets()));
    }

    private Result error(IptablesException e) {
        String banner = ruleset.dialect().banner();
        StringBuilder err = new StringBuilder();
        for (String w : e.warnings()) err.append(w).append('\n');
        if (e.status() == 2) {
            err.append(e.isBare() ? "" : banner + ": ").append(e.getMessage()).append('\n');
            err.append("Try `iptables -h' or 'iptables --help' for more information.\n");
        } else if (e.status() == 4) {
            // iptables-nft: the kernel refused the batch (nft_action's error, after the banner)
            err.append(banner).append(": ").append(e.getMessage()).append('\n');
        } else if (e.status() == 3) {
            err.append(banner).append(": ").append(e.getMessage()).append('\n');
            err.append("Perhaps iptables or your kernel needs to be upgraded.\n");
        } else {
            err.append("iptables: ").append(e.getMessage()).append('\n');
        }
        return new Result(e.status(), "", err.toString());
    }

    public String execute(Command c) throws IptablesException {
        TableName tn = TableName.byName(c.table());
        if (tn == null) {
            String msg = ruleset.backend() == Backend.NFT
                    ? "table '" + c.table() + "' does not exist"
                    : "can't initialize iptables table `" + c.table() + "': Table does not exist (do you need to insmod?)";
            throw new IptablesException(msg, 3);
        }
        // x_tables loads a table's module on any command that names it; nf_tables creates a
        // table only when something is added to it (zeroing or listing a missing one is a no-op).
        boolean creates = switch (c.kind()) {
            case APPEND, INSERT, REPLACE, NEW_CHAIN, POLICY -> true;
            default -> false;
        };
        if (ruleset.backend() == Backend.NFT && !creates && !ruleset.hasTable(tn)) {
            if (c.kind() == Command.Kind.LIST || c.kind() == Command.Kind.LIST_RULES) {
                return c.kind() == Command.Kind.LIST ? list(new Ruleset(ruleset.dialect()).table(tn), c)
                        : listRules(new Ruleset(ruleset.dialect()).table(tn), c);
            }
            if (c.kind() == Command.Kind.CHECK || c.kind() == Command.Kind.DELETE) {
                throw new IptablesException("Bad rule (does a matching rule exist in that chain?).", 1);
            }
            if (c.chain() != null && tn.builtinChains().stream().noneMatch(h -> h.name().equals(c.chain()))) {
                throw new IptablesException("No chain/target/match by that name.", 1);
            }
            return "";
        }
        Table t = ruleset.table(tn);
        boolean ruleCommand = switch (c.kind()) {
            case APPEND, INSERT, REPLACE, CHECK -> true;
            case DELETE -> c.position() < 0;
            default -> false;
        };
        List<Rule> rules = new java.util.ArrayList<>();
        if (ruleCommand) {
            for (Rule r : c.rules()) {
                Rule prepared = Commit.prepare(t, c.chain(), r, c.kind(), c.position(), ruleset.backend());
                if (c.counters() != null) prepared.counter().set(c.counters()[0], c.counters()[1]);
                rules.add(prepared);
            }
        }
        Rule rule = rules.isEmpty() ? c.rule() : rules.get(0);
        try {
            switch (c.kind()) {
                case APPEND -> {
                    for (Rule r : rules) t.append(c.chain(), r);
                }
                case INSERT -> {
                    // iptables' insert_entry inserts each at the same number: the last one ends up first
                    for (Rule r : rules) t.insert(c.chain(), c.position(), r);
                }
                case DELETE -> {
                    if (c.position() > 0) t.delete(c.chain(), c.position());
                    else for (Rule r : rules) t.delete(c.chain(), r);
                }
                case REPLACE -> t.replace(c.chain(), c.position(), rule);
                case CHECK -> {
                    for (Rule r : rules) {
                        if (!t.contains(c.chain(), r)) {
                            throw new IptablesException("Bad rule (does a matching rule exist in that chain?).", 1);
                        }
                    }
                    if (!t.contains(c.chain(), rule)) {
                        throw new IptablesException("Bad rule (does a matching rule exist in that chain?).", 1);
                    }
                }
                case NEW_CHAIN -> {
                    if (c.chain().length() > 28) {
                        throw new IptablesException("chain name `" + c.chain() + "' too long (must be under 29 chars)", 2);
                    }
                    t.newChain(c.chain());
                }
                case DELETE_CHAIN -> {
                    if (c.chain() == null) t.deleteUserChains();
                    else t.deleteChain(c.chain());
                }
                case FLUSH -> {
                    if (c.chain() == null) t.flushAll();
                    else t.flush(c.chain());
                }
                case ZERO -> {
                    if (c.chain() == null) t.zeroAll();
                    else t.zero(c.chain());
                }
                case POLICY -> {
                    t.setPolicy(c.chain(), switch (c.policy()) {
                        case "ACCEPT" -> Verdict.ACCEPT;
                        case "DROP" -> Verdict.DROP;
                        default -> throw new IptablesException("Bad policy name. Run `dmesg' for more information.", 1);
                    });
                    // Setting a policy sets the chain's counters too, to zero (libiptc without
                    // counters; iptables-nft re-creates the base chain with counters, which from
                    // then on count its policy). Recorded: data/real-iptables-1.8.9/engine/traversal.
                    t.chain(c.chain()).policyCounter().zero();
                    if (ruleset.backend() == Backend.NFT) t.setPolicyCounted(c.chain(), true);
                }
                case LIST -> {
                    return list(t, c);
                }
                case LIST_RULES -> {
                    return listRules(t, c);
                }
                default -> throw new IptablesException("no command specified", 2);
            }
        } catch (RulesetException e) {
            throw new IptablesException(e.getMessage(), e.status());
        }
        if (ruleset.backend() == Backend.LEGACY && c.kind() != Command.Kind.CHECK) {
            // libiptc commits a change by replacing the whole table: the built-in chains' policy
            // counters start again from 0 (rule counters are carried over). Recorded:
            // data/real-iptables-1.8.9/extensions/limit.legacy.txt, namespace 5.
            for (dev.nflab.netfilter.Chain ch : t.chains()) {
                if (ch.isBuiltin()) ch.policyCounter().zero();
            }
        }
        return "";
    }


    private String list(Table t, Command c) throws IptablesException {
        if (!c.numeric()) {
            // Without -n iptables resolves names through DNS and /etc/services; the model does not.
            throw new IptablesException("nflab lists numerically only: add -n (as the walkthrough does)", 2);
        }
        Listing listing = new Listing(ruleset.dialect(), c.verbose(), c.exact(), c.lineNumbers());
        String out;
        if (c.chain() == null) {
            out = listing.table(t);
        } else {
            Chain ch = t.chain(c.chain());
            if (ch == null) throw new IptablesException("No chain/target/match by that name.", 1);
            out = listing.chain(t, ch);
        }
        return out;
    }

    private String listRules(Table t, Command c) throws IptablesException {
        StringBuilder b = new StringBuilder();
        for (Chain ch : t.chains()) {
            if (c.chain() != null && !ch.name().equals(c.chain())) continue;
            if (ch.isBuiltin()) {
                b.append("-P ").append(ch.name()).append(' ').append(ch.policy().name());
                if (c.verbose()) b.append(" -c ").append(ch.policyCounter().packets()).append(' ')
                        .append(ch.policyCounter().bytes());
                b.append('\n');
            } else {
                b.append("-N ").append(ch.name()).append('\n');
            }
        }
        for (Chain ch : t.chains()) {
            if (c.chain() != null && !ch.name().equals(c.chain())) continue;
            for (int i = 0; i < ch.size(); i++) {
                Rule r = ch.rule(i);
                // an empty rule is "-A INPUT", with no space after the chain (iptables 1.8.9, both back ends)
                b.append("-A ").append(ch.name());
                if (!r.toSave().isEmpty()) b.append(' ').append(r.toSave());
                if (c.verbose()) b.append(" -c ").append(r.counter().packets()).append(' ').append(r.counter().bytes());
                b.append('\n');
            }
        }
        if (c.chain() != null && t.chain(c.chain()) == null) {
            throw new IptablesException("No chain/target/match by that name.", 1);
        }
        return b.toString();
    }
}
