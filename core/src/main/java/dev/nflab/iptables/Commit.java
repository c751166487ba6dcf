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
import dev.nflab.packet.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    static Rule prepare(Table table, String chainName, Rule rule, Command.Kind kind, Backend backend)
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
            int errno = chain == null ? 0 : kernelErrno(table, chain, rule, nft);
            if (errno != 0) {
                if (nft) {
                    String action = switch (kind) {
                        case INSERT -> "RULE_INSERT";
                        case REPLACE -> "RULE_REPLACE";
                        default -> "RULE_APPEND";
                    };
                    String what = errno == ENOENT ? "No such file or directory" : "Invalid argument";
                    throw new IptablesException(" " + action + " failed (" + what + "): rule in chain " + chainName, 4);
                }
                if (errno == ENOENT) throw new IptablesException("No chain/target/match by that name.", 1);
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

    private static final int EINVAL = 22, ENOENT = 2;

    /**
     * The kernel's answer to the rule: 0, EINVAL (x_tables' xt_check_match/xt_check_target: the
     * protocol, the table, the hooks, the extension's checkentry) or ENOENT (the target's
     * checkentry did not find what it names: CT's helper or timeout policy).
     */
    private static int kernelErrno(Table table, Chain chain, Rule rule, boolean nft) throws IptablesException {
        if (!kernelAccepts(table, chain, rule, nft)) return EINVAL;
        Target t = rule.target();
        // iptables-nft writes -j QUEUE as a jump to a chain of that name (nft.c's add_verdict)
        if (nft && t instanceof QueueTarget && table.chain("QUEUE") == null) return ENOENT;
        if (nft && t.nftNative()) return 0;
        return t.kernelFinds(rule.protocol(), rule.protocolInverted()) ? 0 : ENOENT;
    }

    /** x_tables' xt_check_match/xt_check_target: the protocol, the table, the hooks. */
    private static boolean kernelAccepts(Table table, Chain chain, Rule rule, boolean nft) throws IptablesException {
        // nf_tables refuses a zero-length address compare: ! -s 0/0
        if (nft && (rule.sourceInverted() && rule.source().isAny()
                || rule.destinationInverted() && rule.destination().isAny())) {
            return false;
        }
        Hook hook = chain.isBuiltin() ? chain.hook() : null;
        for (Match m : rule.matches()) {
            if (m.protocol() != 0 && (rule.protocolInverted() || rule.protocol() != m.protocol())) return false;
            if (!m.kernelAccepts(hook)) return false;
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
        if (nft && t.nftNative()) return true;
        if (!t.tables().contains(table.name())) return false;
        if (!t.kernelAccepts(rule.protocol(), rule.protocolInverted())) return false;
        List<Hook> hooks = t.hooks();
        return !chain.isBuiltin() || hooks.contains(chain.hook());
    }
}
