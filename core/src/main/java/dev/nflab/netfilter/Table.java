package dev.nflab.netfilter;

import dev.nflab.packet.Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One table (raw, mangle, nat, filter, security): its built-in chains, its user chains, and the
 * traversal of a packet through it at a hook.
 */
public final class Table {
    private static final int MAX_JUMP_DEPTH = 64;

    private final TableName name;
    private final Backend backend;
    // The traversal's return stack, reused: the model runs packets one at a time, and a table's
    // traversal never re-enters itself.
    private final Chain[] stackChain = new Chain[MAX_JUMP_DEPTH];
    private final int[][] stackCand = new int[MAX_JUMP_DEPTH][];
    private final int[] stackIndex = new int[MAX_JUMP_DEPTH];
    private final Map<String, Chain> builtins = new LinkedHashMap<>();
    private final Chain[] byHook = new Chain[Hook.values().length];
    /** User chains, listed by name as iptables-save lists them. */
    private final Map<String, Chain> userChains = new TreeMap<>();

    private final Ruleset owner;

    Table(TableName name, Backend backend, Ruleset owner) {
        this.name = name;
        this.backend = backend;
        this.owner = owner;
        for (Hook hook : name.builtinChains()) {
            Chain chain = new Chain(hook.name(), hook);
            if (backend == Backend.LEGACY) {
                chain.markExists();
                chain.setPolicyCounted(true);
            }
            builtins.put(hook.name(), chain);
            byHook[hook.ordinal()] = chain;
        }
    }

    public TableName name() { return name; }
    public Backend backend() { return backend; }

    /** Built-in chains in hook order, then user chains by name. */
    public List<Chain> chains() {
        List<Chain> list = new ArrayList<>(builtins.values());
        list.addAll(userChains.values());
        return Collections.unmodifiableList(list);
    }

    public Chain chain(String chainName) {
        Chain c = builtins.get(chainName);
        return c != null ? c : userChains.get(chainName);
    }

    public Chain builtin(Hook hook) {
        return builtins.get(hook.name());
    }

    /** The chain, or an error worded as iptables words it. */
    public Chain requireChain(String chainName) {
        Chain c = chain(chainName);
        if (c == null) throw new RulesetException("No chain/target/match by that name.");
        return c;
    }

    /** How many rules jump or go to {@code chain} (the "references" of {@code iptables -L}). */
    public int references(Chain chain) {
        int refs = 0;
        for (Chain c : chains()) {
            for (int i = 0; i < c.size(); i++) {
                if (c.rule(i).target() instanceof StandardTarget t && t.chain() == chain) refs++;
            }
        }
        return refs;
    }

    // ---- changes (iptables -N -X -A -I -D -R -F -Z -P) -----------------------------------------

    public Chain newChain(String chainName) {
        owner.changed();
        if (chain(chainName) != null) throw new RulesetException("Chain already exists.");
        Chain c = new Chain(chainName, null);
        userChains.put(chainName, c);
        replaced();
        return c;
    }

    public void deleteChain(String chainName) {
        owner.changed();
        Chain c = requireChain(chainName);
        if (c.isBuiltin()) throw new RulesetException("Can't delete built-in chain");
        if (references(c) > 0) throw new RulesetException("Too many links");
        if (c.size() > 0) throw new RulesetException("Directory not empty");
        userChains.remove(chainName);
        replaced();
    }

    /** Deletes every empty, unreferenced user chain ({@code iptables -X} with no chain). */
    public void deleteUserChains() {
        owner.changed();
        for (Chain c : new ArrayList<>(userChains.values())) {
            if (references(c) > 0) throw new RulesetException("Too many links");
        }
        for (Chain c : userChains.values()) {
            if (c.size() > 0) throw new RulesetException("Directory not empty");
        }
        userChains.clear();
        replaced();
    }

    public void append(String chainName, Rule rule) {
        owner.changed();
        Chain c = requireChain(chainName);
        c.append(bind(rule, c, "RULE_APPEND"));
        c.markExists();
        replaced();
    }

    /** Inserts at a 1-based position, as {@code -I CHAIN N}. */
    public void insert(String chainName, int position, Rule rule) {
        owner.changed();
        Chain c = requireChain(chainName);
        if (position < 1 || position > c.size() + 1) throw new RulesetException("Index of insertion too big.");
        c.insert(position - 1, bind(rule, c, "RULE_INSERT"));
        c.markExists();
        replaced();
    }

    /** Deletes the first rule with the same specification ({@code -D CHAIN rule}). */
    public void delete(String chainName, Rule rule) {
        owner.changed();
        Chain c = requireChain(chainName);
        int index = indexOf(c, rule);
        if (index < 0) throw new RulesetException("Bad rule (does a matching rule exist in that chain?).");
        c.remove(index);
        replaced();
    }

    /** Deletes by 1-based position ({@code -D CHAIN N}). */
    public void delete(String chainName, int position) {
        owner.changed();
        Chain c = requireChain(chainName);
        if (position < 1 || position > c.size()) throw new RulesetException("Index of deletion too big.");
        c.remove(position - 1);
        replaced();
    }

    public void replace(String chainName, int position, Rule rule) {
        owner.changed();
        Chain c = requireChain(chainName);
        if (position < 1 || position > c.size()) throw new RulesetException("Index of replacement too big.");
        c.replace(position - 1, bind(rule, c, "RULE_REPLACE"));
        replaced();
    }

    /** Whether a rule with the same specification exists ({@code -C}). */
    public boolean contains(String chainName, Rule rule) {
        return indexOf(requireChain(chainName), rule) >= 0;
    }

    private static int indexOf(Chain c, Rule rule) {
        String spec = rule.toSave();
        for (int i = 0; i < c.size(); i++) {
            if (c.rule(i).toSave().equals(spec)) return i;
        }
        return -1;
    }

    public void flush(String chainName) {
        owner.changed();
        requireChain(chainName).clear();
        replaced();
    }

    public void flushAll() {
        owner.changed();
        for (Chain c : chains()) c.clear();
        replaced();
    }

    public void zero(String chainName) {
        Chain c = requireChain(chainName);
        // iptables-nft zeroes a base chain by setting its counters: that gives it counters.
        if (c.isBuiltin() && c.exists()) c.setPolicyCounted(true);
        c.policyCounter().zero();
        for (int i = 0; i < c.size(); i++) c.rule(i).counter().zero();
        if (backend == Backend.LEGACY) {
            replaced();
        } else {
            // iptables-nft zeroes a rule by replacing it with a zeroed copy: new expressions, so
            // a limit's bucket is full again (recorded: extensions/limit.nft.txt, -Z INPUT).
            for (int i = 0; i < c.size(); i++) {
                for (Match m : c.rule(i).matches()) m.tableReplaced();
            }
        }
    }

    public void zeroAll() {
        for (Chain c : chains()) zero(c.name());
    }

    public void setPolicy(String chainName, Verdict policy) {
        Chain c = builtins.get(chainName);
        if (c == null) {
            if (userChains.containsKey(chainName)) {
                throw new RulesetException("Can't set policy `" + policy + "' on user-defined chain `" + chainName + "'");
            }
            throw new RulesetException("Bad built-in chain name");
        }
        if (policy != Verdict.ACCEPT && policy != Verdict.DROP) throw new RulesetException("Bad policy name");
        c.setPolicy(policy);
        c.markExists();
        replaced();
    }

    /** nf_tables: marks a built-in chain as created (restore, or counters seen on it). */
    public void markExists(String chainName) {
        requireChain(chainName).markExists();
    }

    /** nf_tables: whether the built-in chain has counters in the kernel (see {@link Chain}). */
    public void setPolicyCounted(String chainName, boolean counted) {
        requireChain(chainName).setPolicyCounted(counted);
    }

    /**
     * legacy: libiptc commits any change (-Z and -P too) by replacing the whole table, and
     * x_tables creates every rule's match state anew (limit's buckets full again); nf_tables
     * changes only the rule concerned. Recorded: data/real-iptables-1.8.9/extensions/limit.
     */
    private void replaced() {
        if (backend != Backend.LEGACY || !statefulMatches) return;
        for (Chain c : chains()) {
            for (int i = 0; i < c.size(); i++) {
                for (Match m : c.rule(i).matches()) m.tableReplaced();
            }
        }
    }

    /** Whether a rule with a stateful match was ever added (so a commit has buckets to refill). */
    private boolean statefulMatches;

    private Rule bind(Rule rule, Chain into, String operation) {
        Target t = rule.target();
        checkValid(t, into);
        if (t != null && !t.acceptsRule(rule, into.isBuiltin() ? into.hook() : null, backend)) {
            throw invalidArgument(into, operation);
        }
        for (Match m : rule.matches()) {
            try {
                m.checkEntry(backend);
            } catch (RulesetException e) {
                if (e.getMessage().equals(RulesetException.EINVAL)) throw invalidArgument(into, operation);
                throw e;
            }
            if (m.hasState()) statefulMatches = true;
        }
        if (t instanceof StandardTarget st && st.chainName() != null) {
            Chain target = userChains.get(st.chainName());
            if (target == null) {
                throw new RulesetException("Couldn't load target `" + st.chainName() + "':No such file or directory");
            }
            return Rules.withTarget(rule, st.bind(target));
        }
        return rule;
    }

    /** The kernel's EINVAL, as each back end reports it (iptables-nft names the batch operation). */
    private RulesetException invalidArgument(Chain into, String operation) {
        return backend == Backend.LEGACY
                ? new RulesetException("Invalid argument. Run `dmesg' for more information.", 1)
                : new RulesetException(" " + operation + " failed (Invalid argument): rule in chain " + into.name(), 4);
    }

    /** Refuses a target outside the tables and built-in chains it declares (see {@link Target#hooks}). */
    private void checkValid(Target t, Chain into) {
        if (backend == Backend.NFT && t.nftNative()) return;
        Set<TableName> tables = t.tables();
        if (!tables.contains(name)) {
            throw new RulesetException("Table does not support " + t.name()
                    + (tables.size() == 1 ? " (only " + tables.iterator().next().lowerName() + ")" : ""));
        }
        List<Hook> hooks = t.hooks();
        if (into.isBuiltin() && !hooks.contains(into.hook())) {
            List<String> names = new ArrayList<>();
            for (Hook h : hooks) names.add(h.name());
            throw new RulesetException(t.name() + " is only valid in the " + String.join(" and ", names)
                    + (hooks.size() == 1 ? " chain" : " chains"));
        }
    }

    // ---- the traversal --------------------------------------------------------------------------

    /**
     * Runs the packet through this table's chain at {@code hook}, as ipt_do_table / nft_do_chain
     * do: rules top to bottom, counters on match, jumps and gotos with a return stack, RETURN and
     * the end of a user chain back to the caller, the policy at the end of the built-in chain.
     *
     * @return ACCEPT or DROP
     */
    public Verdict traverse(Hook hook, PacketContext ctx, TraceListener trace) {
        Chain chain = byHook[hook.ordinal()];
        if (chain == null || !chain.exists()) return Verdict.ACCEPT;
        if (trace != null) trace.tableStart(name, hook, ctx);
        Packet p = ctx.packet();
        boolean hasPorts = p.hasPorts();
        int port = hasPorts ? p.destinationPort() : -1;
        int length = p.length();
        boolean legacy = backend == Backend.LEGACY;

        int sp = 0;

        int[] cand = chain.candidates(port, hasPorts);
        int ci = 0;
        while (true) {
            if (ci < cand.length) {
                int position = cand[ci];
                Rule rule = chain.rule(position);
                if (!rule.matches(ctx)) {
                    ci++;
                    continue;
                }
                rule.counter().add(length);
                // x_tables logs a rule before its target runs (so the TRACE rule itself is not
                // logged); nf_tables reports the rule's verdict after it (so it is).
                boolean tracedBefore = ctx.traced();
                Verdict v = rule.target().apply(ctx);
                if (trace != null) {
                    trace.rule(name, chain, position, rule, v, ctx, legacy ? tracedBefore : ctx.traced());
                }
                switch (v) {
                    case CONTINUE -> ci++;
                    case ACCEPT, DROP -> {
                        return v;
                    }
                    case RETURN -> {
                        if (sp == 0) return policy(byHook[hook.ordinal()], ctx, trace, length);
                        sp--;
                        chain = stackChain[sp];
                        cand = stackCand[sp];
                        ci = stackIndex[sp] + 1;
                    }
                    case JUMP, GOTO -> {
                        Chain target = ((StandardTarget) rule.target()).chain();
                        if (v == Verdict.JUMP) {
                            if (sp == MAX_JUMP_DEPTH) return Verdict.DROP; // the kernel's loop guard
                            stackChain[sp] = chain;
                            stackCand[sp] = cand;
                            stackIndex[sp] = ci;
                            sp++;
                        }
                        chain = target;
                        cand = chain.candidates(port, hasPorts);
                        ci = 0;
                    }
                    default -> throw new IllegalStateException("verdict " + v);
                }
            } else if (chain.isBuiltin()) {
                return policy(chain, ctx, trace, length);
            } else {
                if (trace != null) trace.chainEnd(name, chain, ctx, ctx.traced());
                if (sp == 0) return policy(byHook[hook.ordinal()], ctx, trace, length);
                sp--;
                chain = stackChain[sp];
                cand = stackCand[sp];
                ci = stackIndex[sp] + 1;
            }
        }
    }

    private Verdict policy(Chain builtin, PacketContext ctx, TraceListener trace, int length) {
        if (builtin.policyCounted()) builtin.policyCounter().add(length);
        if (trace != null) trace.policy(name, builtin, builtin.policy(), ctx, ctx.traced());
        return builtin.policy();
    }
}
