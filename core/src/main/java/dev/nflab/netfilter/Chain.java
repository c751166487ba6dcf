package dev.nflab.netfilter;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.api.factory.Lists;
import org.eclipse.collections.api.list.ImmutableList;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * A chain: built-in (attached to a hook, with a policy and a policy counter) or user-defined
 * (entered by jump or goto). Rules are tried top to bottom.
 *
 * <p>A chain with many rules builds an index by destination port, so a packet only tries the
 * rules that could match it: the thousands of {@code --dport N} rules of a host with thousands of
 * published ports are not scanned one by one. The index keeps rule order, so first-match
 * semantics and every counter are as without it.
 */
public final class Chain {
    private static final int INDEX_THRESHOLD = 16;

    private final String name;
    private final Hook hook;
    private Verdict policy;
    private final Counter policyCounter = new Counter();
    private final List<Rule> rules = new ArrayList<>();
    private Rule[] ruleArray = new Rule[0];
    /** nf_tables only: whether this built-in chain has been created in the kernel. */
    private boolean exists;
    /**
     * nf_tables only: whether the chain has counters (stats) in the kernel. iptables-nft creates a
     * built-in chain without them when a rule creates it; {@code -Z} and iptables-restore give
     * them. Without them its policy counter stays at 0 whatever passes. x_tables: always.
     */
    private boolean policyCounted;
    private int[] allPositions = new int[0];
    private int[] portlessPositions;
    private IntObjectHashMap<int[]> positionsByPort;

    Chain(String name, Hook hook) {
        this.name = name;
        this.hook = hook;
        this.policy = hook == null ? null : Verdict.ACCEPT;
        this.exists = hook == null;
    }

    public String name() { return name; }
    public boolean isBuiltin() { return hook != null; }
    /** The hook of a built-in chain, or null. */
    public Hook hook() { return hook; }
    /** ACCEPT or DROP for a built-in chain; null for a user chain. */
    public Verdict policy() { return policy; }
    public Counter policyCounter() { return policyCounter; }

    /** The rules, top to bottom. */
    public ImmutableList<Rule> rules() {
        return Lists.immutable.with(ruleArray);
    }

    public int size() { return ruleArray.length; }
    public Rule rule(int index) { return ruleArray[index]; }

    /** nf_tables: a built-in chain is created by its first rule or policy (legacy: always true). */
    public boolean exists() { return exists; }

    void markExists() { this.exists = true; }

    /** Whether the policy counter counts (see the field). */
    public boolean policyCounted() { return policyCounted; }

    void setPolicyCounted(boolean counted) { this.policyCounted = counted; }

    void setPolicy(Verdict policy) {
        this.policy = policy;
    }

    void insert(int index, Rule rule) {
        rules.add(index, rule);
        changed();
    }

    void append(Rule rule) {
        rules.add(rule);
        changed();
    }

    Rule remove(int index) {
        Rule r = rules.remove(index);
        changed();
        return r;
    }

    void replace(int index, Rule rule) {
        rules.set(index, rule);
        changed();
    }

    void clear() {
        rules.clear();
        changed();
    }

    private void changed() {
        ruleArray = rules.toArray(new Rule[0]);
        allPositions = new int[ruleArray.length];
        for (int i = 0; i < allPositions.length; i++) allPositions[i] = i;
        portlessPositions = null;
        positionsByPort = null;
    }

    /** The positions of the rules a packet with this destination port (-1: none) could match. */
    int[] candidates(int destinationPort, boolean hasPorts) {
        if (ruleArray.length < INDEX_THRESHOLD) return allPositions;
        if (portlessPositions == null) buildIndex();
        if (!hasPorts) return portlessPositions;
        int[] positions = positionsByPort.get(destinationPort);
        return positions != null ? positions : portlessPositions;
    }

    private void buildIndex() {
        IntObjectHashMap<List<Integer>> keyed = new IntObjectHashMap<>();
        List<Integer> generic = new ArrayList<>();
        for (int i = 0; i < ruleArray.length; i++) {
            int port = ruleArray[i].requiredDestinationPort();
            if (port < 0) {
                generic.add(i);
            } else {
                keyed.getIfAbsentPut(port, ArrayList::new).add(i);
            }
        }
        int[] genericArray = generic.stream().mapToInt(Integer::intValue).toArray();
        IntObjectHashMap<int[]> byPort = new IntObjectHashMap<>();
        keyed.forEachKeyValue((port, own) -> {
            // Merge the port's own rules with the generic ones, keeping rule order.
            int[] merged = new int[own.size() + genericArray.length];
            int a = 0, b = 0, m = 0;
            while (a < own.size() || b < genericArray.length) {
                if (b >= genericArray.length || (a < own.size() && own.get(a) < genericArray[b])) {
                    merged[m++] = own.get(a++);
                } else {
                    merged[m++] = genericArray[b++];
                }
            }
            byPort.put(port, merged);
        });
        positionsByPort = byPort;
        portlessPositions = genericArray;
    }

    @Override public String toString() {
        return name;
    }
}
