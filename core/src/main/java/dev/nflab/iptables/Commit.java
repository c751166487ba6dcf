package dev.nflab.iptables;

import dev.nflab.netfilter.Backend;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.InterfaceSpec;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.QueueTarget;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.RulesetException;
import dev.nflab.netfilter.StandardTarget;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.Target;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Protocol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What happens to a parsed rule between iptables' command line and the kernel, in iptables'
 * order: the jump's chain is looked up (a user-space error, status 2); iptables-nft turns tcp and
 * udp port matches into native expressions (refusing them when {@code -p} names another
 * protocol); then the kernel checks each xt match's protocol and the target's table and hook, and
 * refuses the rule with EINVAL: legacy says {@code iptables: Invalid argument. Run `dmesg' for more
 * information.} (status 1), nf_tables {@code RULE_APPEND failed (Invalid argument): rule in chain
 * C} (status 4). Nothing here is checked while the options are parsed, so {@code -m tcp --dport 1
 * -p tcp} (the protocol after the match) is a good rule.
 */
final class Commit {
    private Commit() {}

    /** {@code position}: the rule number {@code -I} and {@code -R} give (1 first), else ignored. */
    static Rule prepare(Table table, String chainName, Rule rule, Command.Kind kind, int position, Backend backend)
            throws IptablesException {
        boolean nft = backend == Backend.NFT;
        // legacy looks the chain up before anything else; iptables-nft when it adds the jump,
        // after the matches
        if (!nft) checkJump(table, rule.target(), backend);
        rule = anyInterface(rule, nft);
        if (nft) {
            rule = nftNative(rule);
            checkJump(table, rule.target(), backend);
        }
        if (kind == Command.Kind.APPEND || kind == Command.Kind.INSERT || kind == Command.Kind.REPLACE) {
            Chain chain = table.chain(chainName);
            int at = kind == Command.Kind.APPEND || chain == null ? -1 : position - 1;
            int errno = chain == null ? 0 : kernelErrno(table, chain, rule, at, kind == Command.Kind.REPLACE, nft);
            if (errno != 0) {
                if (nft) {
                    // nft_rule_insert makes an insert after the last rule (-I C N+1, N > 0) an append
                    boolean last = kind == Command.Kind.INSERT && position > 1 && position == chain.size() + 1;
                    String action = switch (kind) {
                        case INSERT -> last ? "RULE_APPEND" : "RULE_INSERT";
                        case REPLACE -> "RULE_REPLACE";
                        default -> "RULE_APPEND";
                    };
                    String what = errno == ENOENT ? "No such file or directory"
                            : errno == ELOOP ? "Too many links" : "Invalid argument";
                    throw new IptablesException(" " + action + " failed (" + what + "): rule in chain " + chainName, 4);
                }
                if (errno == ENOENT) throw new IptablesException("No chain/target/match by that name.", 1);
                if (errno == ELOOP) throw new IptablesException("Too many levels of symbolic links.", 1);
                throw new IptablesException("Invalid argument. Run `dmesg' for more information.", 1);
            }
        }
        return rule;
    }

    /** {@code -j NAME} that is no target extension must name a user chain; {@code -g} always must. */
    private static void checkJump(Table table, Target target, Backend backend) throws IptablesException {
        if (!(target instanceof StandardTarget st) || st.chainName() == null) return;
        String name = st.chainName();
        Chain c = table.chain(name);
        if (c != null && !c.isBuiltin()) return;
        boolean goTo = st.toSave().startsWith("-g ");
        if (backend == Backend.NFT) throw new IptablesException("Chain '" + name + "' does not exist", 2);
        if (goTo) throw new IptablesException("goto '" + name + "' is not a chain", 2);
        throw new IptablesException("Couldn't load target `" + name + "':No such file or directory", 2);
    }

    /**
     * {@code -i +}: legacy keeps its empty mask (listed as {@code +}, not saved, inverted or not);
     * iptables-nft adds nothing for it (an inverted one it keeps and saves).
     */
    private static Rule anyInterface(Rule rule, boolean nft) {
        InterfaceSpec in = rule.inInterface(), out = rule.outInterface();
        if ((in == null || !in.isAny()) && (out == null || !out.isAny())) return rule;
        return rule.withInterfaces(any(in, nft), any(out, nft));
    }

    private static InterfaceSpec any(InterfaceSpec s, boolean nft) {
        if (s == null || !s.isAny()) return s;
        if (nft) return s.inverted() ? s : null;
        return new InterfaceSpec(s.name(), s.inverted(), false);
    }

    /** nft.c's rule building: each match as nf_tables takes it, in the rule's order. */
    private static Rule nftNative(Rule rule) throws IptablesException {
        List<Match> matches = new ArrayList<>();
        boolean changed = false;
        for (Match m : rule.matches()) {
            Match n = m.nftNative();
            if (n == m) {
                matches.add(m);
                continue;
            }
            // add_nft_tcp/udp compare -p's number only (an inverted -p passes)
            int wanted = m.protocol();
            if (rule.protocol() != wanted) {
                String name = Protocol.name(wanted);
                throw new IptablesException(name.toUpperCase(Locale.ROOT) + " match requires '-p " + name + "'", 2);
            }
            changed = true;
            if (n == null) continue;
            // read back into the first earlier match of its protocol, adjacent or not
            // (nft-shared.c's nft_create_match reuses the one nft_find_match_in_cs finds)
            int into = -1;
            Match merged = null;
            for (int i = 0; i < matches.size() && merged == null; i++) {
                merged = matches.get(i).nftMerge(n);
                into = i;
            }
            if (merged != null) matches.set(into, merged);
            else matches.add(n);
        }
        return changed ? rule.withMatches(matches) : rule;
    }

    /** ELOOP stands for both back ends' loop errors: legacy's ELOOP, nf_tables' EMLINK. */
    private static final int EINVAL = 22, ENOENT = 2, ELOOP = 40;

    /**
     * The kernel's answer to the rule: 0, EINVAL (x_tables' xt_check_match/xt_check_target: the
     * protocol, the table, the hooks, the extension's checkentry) or ENOENT (the target's
     * checkentry did not find what it names: CT's helper or timeout policy).
     */
    private static int kernelErrno(Table table, Chain chain, Rule rule, int at, boolean replace, boolean nft)
            throws IptablesException {
        Target t = rule.target();
        // nf_tables refuses a zero-length address compare (! -s 0/0) as it builds the expressions,
        // then the jump to a missing chain; the xt matches' own checks come after
        if (nft && (rule.sourceInverted() && rule.source().isAny()
                || rule.destinationInverted() && rule.destination().isAny())) {
            return EINVAL;
        }
        // iptables-nft writes -j QUEUE as a jump to a chain of that name (nft.c's add_verdict)
        if (nft && t instanceof QueueTarget && table.chain("QUEUE") == null) return ENOENT;
        // legacy: translate_table runs mark_source_chains (ELOOP) before any entry's checks;
        // nf_tables initialises the rule's expressions in order, the jump's verdict last
        if (!nft && loops(table, chain, rule, at, replace, false)) return ELOOP;
        if (!kernelAccepts(table, chain, rule, at, replace, nft)) return EINVAL;
        if (nft && loops(table, chain, rule, at, replace, true)) return ELOOP;
        if (nft && t.nftNative()) return 0;
        return t.kernelFinds(rule.protocol(), rule.protocolInverted()) ? 0 : ENOENT;
    }

    /**
     * x_tables' xt_check_match/xt_check_target: the protocol, the table, the hooks. A rule is
     * checked at every built-in chain that reaches it by jumps and gotos: {@code -A FORWARD -j U} is
     * refused when U holds an OUTPUT-only owner match. nf_tables validates every rule of every
     * chain a base chain jumps to; legacy replaces the whole table, and x_tables'
     * mark_source_chains follows the rules as a packet could, so a rule after an unconditional
     * verdict ({@code -A V -j ACCEPT}) is reached by no hook and takes anything (recorded in the
     * owner cases). A rule no hook reaches is checked as in no chain.
     */
    private static boolean kernelAccepts(Table table, Chain chain, Rule rule, int at, boolean replace, boolean nft)
            throws IptablesException {
        // nf_tables refuses a zero-length address compare: ! -s 0/0
        if (nft && (rule.sourceInverted() && rule.source().isAny()
                || rule.destinationInverted() && rule.destination().isAny())) {
            return false;
        }
        Map<Rule, Set<Hook>> legacyReach = nft ? null : legacyReach(table, chain, rule, at, replace);
        Set<Hook> hooks = !nft ? legacyReach.getOrDefault(rule, EnumSet.noneOf(Hook.class))
                : chain.isBuiltin() ? EnumSet.of(chain.hook()) : reachingHooks(table, chain);
        for (Match m : rule.matches()) {
            if (m.protocol() != 0 && (rule.protocolInverted() || rule.protocol() != m.protocol())) return false;
            if (hooks.isEmpty() && !m.kernelAccepts(null)) return false;
            for (Hook h : hooks) {
                if (!m.kernelAccepts(h)) return false;
            }
            // legacy's x_tables runs each match's checkentry right after its table, hook and
            // protocol checks, before the next match's and the target's (limit's ERANGE); the
            // nf_tables back end checks its native expressions when the rule is added to the table
            if (!nft) {
                try {
                    m.checkEntry(Backend.LEGACY);
                } catch (RulesetException e) {
                    // a match's own EINVAL (recent's values) is the kernel's, worded as for the others
                    if (e.getMessage().equals(RulesetException.EINVAL)) return false;
                    throw new IptablesException(e.getMessage(), e.status());
                }
            }
        }
        Target t = rule.target();
        if (!(nft && t.nftNative())) {
            if (!t.tables().contains(table.name())) return false;
            if (!t.kernelAccepts(rule.protocol(), rule.protocolInverted())) return false;
            for (Hook h : hooks) {
                if (!t.hooks().contains(h)) return false;
            }
        }
        if (!nft) {
            // every other rule of the table, at the hooks that now reach it
            for (Map.Entry<Rule, Set<Hook>> e : legacyReach.entrySet()) {
                if (e.getKey() == rule) continue;
                for (Hook h : e.getValue()) {
                    if (!acceptsAt(table, e.getKey(), h, false)) return false;
                }
            }
            return true;
        }
        if (!hooks.isEmpty() && t instanceof StandardTarget st && st.chainName() != null) {
            Chain to = table.chain(st.chainName());
            if (to == null) return true;
            for (Chain c : reachable(table, to)) {
                for (Rule r : c.rules()) {
                    for (Hook h : hooks) {
                        if (!acceptsAt(table, r, h, nft)) return false;
                    }
                }
            }
        }
        return true;
    }

    /** The hook checks of one rule's matches and target at {@code hook}. */
    private static boolean acceptsAt(Table table, Rule rule, Hook hook, boolean nft) {
        for (Match m : rule.matches()) {
            if (!m.kernelAccepts(hook)) return false;
        }
        Target t = rule.target();
        return nft && t.nftNative() || !t.tables().contains(table.name()) || t.hooks().contains(hook);
    }

    /** The built-in chains' hooks from which {@code chain} is reached by jumps and gotos. */
    private static Set<Hook> reachingHooks(Table table, Chain chain) {
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);
        for (Chain c : table.chains()) {
            if (c.isBuiltin() && c.exists() && reachable(table, c).contains(chain)) hooks.add(c.hook());
        }
        return hooks;
    }

    /**
     * x_tables' mark_source_chains on the table as it will be ({@code rule} added to {@code into}
     * at index {@code at}, -1 the end, or replacing the rule there): the hooks that reach each
     * rule, walking each built-in chain as a packet could, into each jump's chain and back, to an
     * unconditional verdict or the chain's end.
     */
    private static Map<Rule, Set<Hook>> legacyReach(Table table, Chain into, Rule rule, int at, boolean replace) {
        Map<Rule, Set<Hook>> reach = new IdentityHashMap<>();
        for (Chain c : table.chains()) {
            if (c.isBuiltin() && c.exists()) walk(table, c, c.hook(), into, rule, at, replace, new HashSet<>(), reach);
        }
        return reach;
    }

    private static void walk(Table table, Chain chain, Hook hook, Chain into, Rule rule, int at, boolean replace,
            Set<Chain> seen, Map<Rule, Set<Hook>> reach) {
        if (!seen.add(chain)) return;
        List<Rule> rules = rulesToBe(chain, into, rule, at, replace);
        for (Rule r : rules) {
            reach.computeIfAbsent(r, k -> EnumSet.noneOf(Hook.class)).add(hook);
            Target t = r.target();
            if (t instanceof StandardTarget st && st.chainName() != null) {
                Chain to = table.chain(st.chainName());
                if (to != null) walk(table, to, hook, into, rule, at, replace, seen, reach);
            } else if (r.isUnconditional() && (t instanceof QueueTarget
                    || t instanceof StandardTarget st && st.verdict() != Verdict.CONTINUE)) {
                return;
            }
        }
    }

    /**
     * Whether the table, with {@code rule} added, lets a packet come back to a chain it is already
     * in, from some built-in chain: legacy's mark_source_chains follows the rules as a packet could
     * (a loop after an unconditional verdict is never reached, and is kept); nf_tables follows
     * every jump and goto of every chain a base chain reaches. A loop no built-in chain reaches is
     * kept by both (recorded in data/real-iptables-1.8.9/engine/loops.*.txt).
     */
    private static boolean loops(Table table, Chain into, Rule rule, int at, boolean replace, boolean nft) {
        for (Chain c : table.chains()) {
            // iptables-nft creates a base chain with its first rule: the chain being added to counts
            if (c.isBuiltin() && (c.exists() || c == into) && loopFrom(table, c, into, rule, at, replace, nft, new HashSet<>(),
                    new HashSet<>())) {
                return true;
            }
        }
        return false;
    }

    /** Depth first from {@code chain}: {@code path} holds the chains being walked, {@code done} those without a loop. */
    private static boolean loopFrom(Table table, Chain chain, Chain into, Rule rule, int at, boolean replace,
            boolean nft, Set<Chain> path, Set<Chain> done) {
        if (path.contains(chain)) return true;
        if (done.contains(chain)) return false;
        path.add(chain);
        List<Rule> rules = rulesToBe(chain, into, rule, at, replace);
        for (Rule r : rules) {
            Target t = r.target();
            if (t instanceof StandardTarget st && st.chainName() != null) {
                Chain to = table.chain(st.chainName());
                if (to != null && loopFrom(table, to, into, rule, at, replace, nft, path, done)) return true;
            } else if (!nft && r.isUnconditional() && (t instanceof QueueTarget
                    || t instanceof StandardTarget st && st.verdict() != Verdict.CONTINUE)) {
                break;
            }
        }
        path.remove(chain);
        done.add(chain);
        return false;
    }

    /** {@code chain}'s rules as they will be: {@code rule} added to {@code into} at {@code at} (-1 the end), or replacing the rule there. */
    private static List<Rule> rulesToBe(Chain chain, Chain into, Rule rule, int at, boolean replace) {
        List<Rule> rules = new ArrayList<>(chain.rules().castToList());
        if (chain == into) {
            int i = at < 0 || at > rules.size() ? rules.size() : at;
            if (replace && i < rules.size()) rules.set(i, rule);
            else rules.add(i, rule);
        }
        return rules;
    }

    /** {@code from} and every chain its rules jump or go to, directly or not. */
    private static Set<Chain> reachable(Table table, Chain from) {
        Set<Chain> seen = new LinkedHashSet<>();
        Deque<Chain> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            Chain c = todo.pop();
            if (!seen.add(c)) continue;
            for (Rule r : c.rules()) {
                if (r.target() instanceof StandardTarget st && st.chainName() != null) {
                    Chain to = table.chain(st.chainName());
                    if (to != null) todo.push(to);
                }
            }
        }
        return seen;
    }
}
