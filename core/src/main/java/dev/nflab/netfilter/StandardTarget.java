package dev.nflab.netfilter;

/**
 * The standard target: a verdict ({@code -j ACCEPT}, {@code DROP}, {@code RETURN}), a jump to a
 * user chain ({@code -j CHAIN}), or a goto ({@code -g CHAIN}). The chain entered is bound when the
 * rule joins a table.
 */
public final class StandardTarget implements Target {
    public static final StandardTarget ACCEPT = new StandardTarget(Verdict.ACCEPT, null);
    public static final StandardTarget DROP = new StandardTarget(Verdict.DROP, null);
    public static final StandardTarget RETURN = new StandardTarget(Verdict.RETURN, null);
    /** No {@code -j} at all: the rule only counts, and the traversal goes on. */
    public static final StandardTarget NONE = new StandardTarget(Verdict.CONTINUE, null);

    private final Verdict verdict;
    private final String chainName;
    private Chain chain;

    private StandardTarget(Verdict verdict, String chainName) {
        this.verdict = verdict;
        this.chainName = chainName;
    }

    public static StandardTarget jump(String chain) {
        return new StandardTarget(Verdict.JUMP, chain);
    }

    public static StandardTarget goTo(String chain) {
        return new StandardTarget(Verdict.GOTO, chain);
    }

    public Verdict verdict() { return verdict; }

    @Override public Verdict apply(PacketContext packet) {
        return verdict;
    }

    @Override public String name() {
        if (verdict == Verdict.CONTINUE) return "";
        return chainName != null ? chainName : verdict.name();
    }

    @Override public String toSave() {
        if (verdict == Verdict.CONTINUE) return "";
        return (verdict == Verdict.GOTO ? "-g " : "-j ") + name();
    }

    @Override public String chainName() {
        return chainName;
    }

    /** The user chain a jump or goto enters, once bound. */
    Chain chain() {
        return chain;
    }

    /** A copy bound to {@code chain}: the same rule text in another table gets its own binding. */
    StandardTarget bind(Chain chain) {
        StandardTarget t = new StandardTarget(verdict, chainName);
        t.chain = chain;
        return t;
    }
}
