package dev.nflab.netfilter;

/**
 * Receives a packet's path through a table, step by step. {@code reported} says whether the
 * kernel's TRACE would report the step: the packet was marked by a TRACE rule, and (x_tables) the
 * mark was set before the rule ran or (nf_tables) after. A path recorder for explanations keeps
 * every step; a trace writer keeps the reported ones.
 */
public interface TraceListener {

    /** A table starts on the packet at a hook (nf_tables prints the packet before its first step). */
    default void tableStart(TableName table, Hook hook, PacketContext packet) {}

    /** A rule matched; {@code position} is 0-based; {@code verdict} is what its target said. */
    void rule(TableName table, Chain chain, int position, Rule rule, Verdict verdict, PacketContext packet,
              boolean reported);

    /** The end of a user chain was reached: the traversal returns to the caller. */
    void chainEnd(TableName table, Chain chain, PacketContext packet, boolean reported);

    /** A built-in chain's policy decided. */
    void policy(TableName table, Chain chain, Verdict policy, PacketContext packet, boolean reported);
}
