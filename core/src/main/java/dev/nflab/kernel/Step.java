package dev.nflab.kernel;

import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.Verdict;
import dev.nflab.packet.Packet;

/**
 * One step of a packet's path: a rule that matched, a chain's end, a policy, or an event of the
 * stack (routing decision, conntrack, NAT). Rule numbers are 1-based, as {@code --line-numbers}
 * prints them.
 *
 * @param packet the packet as it was at a {@link Kind#TABLE} step (a copy), else null
 * @param reported whether the kernel's TRACE would report this step
 */
public record Step(Kind kind, Hook hook, TableName table, String chain, int ruleNumber, String ruleText,
                   Verdict verdict, String note, String in, String out, Packet packet, boolean reported) {

    /** The kinds of step. */
    public enum Kind { TABLE, RULE, CHAIN_END, POLICY, CONNTRACK, ROUTING, NAT, FATE }
}
