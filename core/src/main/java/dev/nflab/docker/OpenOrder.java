package dev.nflab.docker;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A container whose port bindings real Docker 20.10 may program in more than one order
 * ({@link BindingOrder}): its bindings as the model programmed them, the other possible orders,
 * and the rules each binding wrote. The rules' counters do not depend on their order (each matches
 * its own host port, or the same traffic as an identical rule), so a comparison matches them by
 * content.
 *
 * @param container the container's name
 * @param bindings  its bindings in the order the model programmed them, as {@code -p} would say them
 * @param orders    every possible order (indexes into {@code bindings}); the first is the model's
 * @param complete  whether {@code orders} holds every possible order (see {@link BindingOrder#complete})
 * @param rules     for each binding, the rules it wrote
 */
public record OpenOrder(String container, List<String> bindings, List<List<Integer>> orders, boolean complete,
                        List<List<RuleRef>> rules) {

    /** A rule as iptables-save prints it: table, chain, and the text after {@code -A CHAIN}. */
    public record RuleRef(String table, String chain, String rule) {}

    /** The bindings whose place is not fixed (in the model's order). */
    public List<String> moving() {
        if (!complete) return bindings;
        List<String> moving = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            for (List<Integer> o : orders) {
                if (o.get(i) != i) {
                    moving.add(bindings.get(i));
                    break;
                }
            }
        }
        return moving;
    }

    /** Every rule the container's bindings wrote: those a comparison matches by content. */
    public Set<RuleRef> movable() {
        Set<RuleRef> all = new LinkedHashSet<>();
        rules.forEach(all::addAll);
        return all;
    }

    /** One line for a learner: which rules may come in another order, and why. */
    public String notice() {
        List<String> moving = moving();
        String which = moving.size() == 2 ? moving.get(0) + " and " + moving.get(1) : String.join(", ", moving);
        String how = complete ? orders.size() + " possible orders" : "more orders than the model lists";
        return "container " + container + ": real Docker 20.10 may write the rules of -p " + which.replace(", ", ", -p ")
                .replace(" and ", " and -p ") + (moving.size() == 2 ? " in either order" : " in another order")
                + " (" + how + ": it sorts them from a Go map's random order, and its comparison is not strict);"
                + " shown in the order it takes most often";
    }

    /**
     * An iptables-save text of the model's rules with this container's binding rules in another of
     * its possible orders: in each chain, the slots its bindings' rules hold take them in that order.
     */
    public String reorder(String save, List<Integer> order) {
        String[] lines = save.split("\n", -1);
        Set<List<String>> chains = new LinkedHashSet<>();
        for (List<RuleRef> rs : rules) for (RuleRef r : rs) chains.add(List.of(r.table(), r.chain()));
        for (List<String> tc : chains) {
            Set<String> mine = new LinkedHashSet<>();
            List<String> inOrder = new ArrayList<>();
            for (int b : order) {
                for (RuleRef r : rules.get(b)) {
                    if (!List.of(r.table(), r.chain()).equals(tc)) continue;
                    mine.add("-A " + r.chain() + " " + r.rule());
                    inOrder.add("-A " + r.chain() + " " + r.rule());
                }
            }
            List<Integer> slots = new ArrayList<>();
            String table = null;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].startsWith("*")) table = lines[i].substring(1);
                if (tc.get(0).equals(table) && mine.contains(lines[i])) slots.add(i);
            }
            // The slots held the bindings' rules in the model's order; they take them in the other.
            if (inOrder.size() != slots.size()) continue; // some were deleted since: left as they are
            for (int i = 0; i < slots.size(); i++) lines[slots.get(i)] = inOrder.get(i);
        }
        return String.join("\n", lines);
    }
}
