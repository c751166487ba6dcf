package dev.nflab.exercises.e05;

import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.Verdict;
import java.util.List;

/** Exercise 05: one table's traversal at one hook (see README.md). */
public final class Traversal {
    private Traversal() {}

    /**
     * Runs the packet through {@code table} at {@code hook}; adds "CHAIN#N" for every matching rule and
     * "CHAIN:policy" if the policy decides; returns ACCEPT or DROP.
     */
    public static Verdict traverse(Table table, Hook hook, PacketContext ctx, List<String> path) {
        // TODO(learner): rules top to bottom, jumps with a return stack, gotos, RETURN, the policy.
        throw new UnsupportedOperationException("TODO(learner): Traversal.traverse");
    }
}
