package dev.nflab.kernel;

import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.PacketContext;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.TableName;
import dev.nflab.netfilter.TraceListener;
import dev.nflab.netfilter.Verdict;
import java.util.ArrayList;
import java.util.List;

/** Records every step of a packet's path, for traces and explanations. */
final class PathRecorder implements TraceListener {
    private final List<Step> steps = new ArrayList<>();

    List<Step> steps() {
        return steps;
    }

    @Override public void tableStart(TableName table, Hook hook, PacketContext p) {
        steps.add(new Step(Step.Kind.TABLE, hook, table, hook.name(), 0, null, null, null, p.inName(),
                p.outName(), p.packet().copy(), p.traced()));
    }

    @Override public void rule(TableName table, Chain chain, int position, Rule rule, Verdict verdict,
                               PacketContext p, boolean reported) {
        steps.add(new Step(Step.Kind.RULE, p.hook(), table, chain.name(), position + 1, rule, verdict,
                null, p.inName(), p.outName(), null, reported));
    }

    @Override public void chainEnd(TableName table, Chain chain, PacketContext p, boolean reported) {
        steps.add(new Step(Step.Kind.CHAIN_END, p.hook(), table, chain.name(), chain.size() + 1, null,
                Verdict.RETURN, null, p.inName(), p.outName(), null, reported));
    }

    @Override public void policy(TableName table, Chain chain, Verdict policy, PacketContext p, boolean reported) {
        steps.add(new Step(Step.Kind.POLICY, p.hook(), table, chain.name(), chain.size() + 1, null, policy, null,
                p.inName(), p.outName(), null, reported));
    }

    void note(Step.Kind kind, Hook hook, String note, PacketContext p) {
        steps.add(new Step(kind, hook, null, null, 0, null, null, note, p.inName(), p.outName(), null, false));
    }
}
