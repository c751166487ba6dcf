package dev.nflab.kernel;

import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Packet;

/**
 * One step of a packet's path: a rule that matched, a chain's end, a policy, or an event of the
 * stack (routing decision, conntrack, NAT). Rule numbers are 1-based, as {@code --line-numbers}
 * prints them.
 *
 * @param rule the rule that matched, for a {@link Kind#RULE} step
 * @param packet the packet as it was at a {@link Kind#TABLE} step (a copy), else null
 * @param reported whether the kernel's TRACE would report this step
 */
public record Step(Kind kind, Hook hook, TableName table, String chain, int ruleNumber, Rule rule,
                   Verdict verdict, String note, String in, String out, Packet packet, boolean reported) {

    /** The rule's text as iptables-save prints it after {@code -A CHAIN}, or null. */
    public String ruleText() {
        return rule == null ? null : rule.toSave();
    }

    /** Whether the chain is a built-in one (its name is the hook's). */
    public boolean builtinChain() {
        return hook != null && hook.name().equals(chain);
    }

    /** The kinds of step. */
    public enum Kind { TABLE, RULE, CHAIN_END, POLICY, CONNTRACK, ROUTING, NAT, FATE }
}
