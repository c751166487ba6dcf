package dev.nflab.kernel;

import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.TableName;
import java.util.ArrayList;
import java.util.List;

/**
 * A packet's path in plain words, one line per step, for learners: which hook, which table,
 * which rule matched and what it did; the stack's decisions (conntrack state, NAT, routing)
 * in between. Only rules that matched are shown: the ones a packet merely passed did nothing.
 */
public final class PathExplainer {
    private PathExplainer() {}

    public static List<String> explain(List<Step> steps) {
        List<String> lines = new ArrayList<>();
        Hook hook = null;
        for (Step s : steps) {
            if (s.hook() != null && s.hook() != hook && s.kind() != Step.Kind.FATE) {
                hook = s.hook();
                lines.add(hook + " (in=" + dash(s.in()) + " out=" + dash(s.out()) + ")");
            }
            switch (s.kind()) {
                case TABLE -> { }
                case RULE -> lines.add("  " + pad(s.table()) + s.chain() + " rule " + s.ruleNumber() + ": "
                        + s.ruleText() + "  => " + verdict(s));
                case CHAIN_END -> lines.add("  " + pad(s.table()) + s.chain() + ": end of chain, back to the caller");
                case POLICY -> lines.add("  " + pad(s.table()) + s.chain() + ": no rule decided, policy " + s.verdict());
                case CONNTRACK, NAT, ROUTING -> lines.add("  " + s.note());
                case FATE -> lines.add("  => " + s.note());
                default -> { }
            }
        }
        return lines;
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String pad(TableName t) {
        String n = t.lowerName();
        return n + " ".repeat(Math.max(1, 8 - n.length()));
    }

    private static String verdict(Step s) {
        return switch (s.verdict()) {
            case JUMP -> "jump to " + s.rule().target().chainName();
            case GOTO -> "go to " + s.rule().target().chainName();
            case CONTINUE -> "continue (" + s.rule().target().name() + ")";
            case ACCEPT -> s.rule().target().name().equals("ACCEPT") ? "ACCEPT" : s.rule().target().name() + ", ACCEPT";
            case DROP -> s.rule().target().name().equals("DROP") ? "DROP" : s.rule().target().name() + ", DROP";
            case RETURN -> "RETURN";
        };
    }
}
