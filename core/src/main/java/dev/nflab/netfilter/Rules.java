package dev.nflab.netfilter;

/** Package helpers for rebuilding a rule with another target (binding jumps to chains). */
final class Rules {
    private Rules() {}

    static Rule withTarget(Rule r, Target target) {
        Rule.Builder b = Rule.builder()
                .source(r.source(), r.sourceInverted())
                .destination(r.destination(), r.destinationInverted())
                .protocol(r.protocol(), r.protocolInverted());
        if (r.fragment() != 0) b.fragment(r.fragment() < 0);
        if (r.inInterface() != null) b.inInterface(r.inInterface().name(), r.inInterface().inverted());
        if (r.outInterface() != null) b.outInterface(r.outInterface().name(), r.outInterface().inverted());
        r.matches().forEach(b::match);
        Rule bound = b.target(target).build();
        bound.counter().set(r.counter().packets(), r.counter().bytes());
        return bound;
    }
}
