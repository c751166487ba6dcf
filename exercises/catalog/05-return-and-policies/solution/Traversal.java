package dev.nflab.exercises.e05;

import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Table;
import dev.nflab.netfilter.Verdict;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Exercise 05, reference solution. */
public final class Traversal {
    private Traversal() {}

    private record Frame(Chain chain, int next) {}

    public static Verdict traverse(Table table, Hook hook, PacketContext ctx, List<String> path) {
        Chain builtin = table.builtin(hook);
        Deque<Frame> stack = new ArrayDeque<>();
        Chain chain = builtin;
        int i = 0;
        while (true) {
            if (i >= chain.size()) {
                if (chain.isBuiltin() || stack.isEmpty()) return policy(builtin, path);
                Frame f = stack.pop();
                chain = f.chain();
                i = f.next();
                continue;
            }
            Rule rule = chain.rule(i);
            if (!rule.matches(ctx)) {
                i++;
                continue;
            }
            path.add(chain.name() + "#" + (i + 1));
            Verdict v = rule.target().apply(ctx);
            switch (v) {
                case CONTINUE -> i++;
                case ACCEPT, DROP -> {
                    return v;
                }
                case RETURN -> {
                    if (chain.isBuiltin() || stack.isEmpty()) return policy(builtin, path);
                    Frame f = stack.pop();
                    chain = f.chain();
                    i = f.next();
                }
                case JUMP, GOTO -> {
                    if (v == Verdict.JUMP) stack.push(new Frame(chain, i + 1));
                    chain = table.chain(rule.target().chainName());
                    i = 0;
                }
                default -> throw new IllegalStateException("verdict " + v);
            }
        }
    }

    private static Verdict policy(Chain builtin, List<String> path) {
        path.add(builtin.name() + ":policy");
        return builtin.policy();
    }
}
