package dev.nflab.netfilter;

import dev.nflab.packet.Cidr;
import dev.nflab.packet.Packet;
import dev.nflab.packet.Protocol;
import org.eclipse.collections.api.factory.Lists;
import org.eclipse.collections.api.list.ImmutableList;

/**
 * One rule: the IP header part every rule has ({@code -s -d -i -o -p}, each with {@code !}), its
 * match extensions, its target, and its packet and byte counter.
 *
 * <p>The counter counts a packet when all the matches hold, before the target runs, so jump,
 * RETURN, LOG and TRACE rules count too.
 */
public final class Rule {
    private final Cidr source;
    private final boolean sourceInverted;
    private final Cidr destination;
    private final boolean destinationInverted;
    private final InterfaceSpec inInterface;
    private final InterfaceSpec outInterface;
    private final int protocol;
    private final boolean protocolInverted;
    /** {@code -f}: 1, {@code ! -f}: -1, neither: 0. */
    private final int fragment;
    private final ImmutableList<Match> matches;
    private final Match[] matchArray;
    private final Target target;
    private final Counter counter = new Counter();
    /** The specification text, computed once (rules are immutable but for their counter). */
    private String saveText;

    Rule(Builder b) {
        this.source = b.source;
        this.sourceInverted = b.sourceInverted;
        this.destination = b.destination;
        this.destinationInverted = b.destinationInverted;
        this.inInterface = b.inInterface;
        this.outInterface = b.outInterface;
        this.protocol = b.protocol;
        this.protocolInverted = b.protocolInverted;
        this.fragment = b.fragment;
        this.matches = Lists.immutable.withAll(b.matches);
        this.matchArray = b.matches.toArray(new Match[0]);
        this.target = b.target != null ? b.target : StandardTarget.NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This rule with other {@code -i} and {@code -o} (null: none), a new counter. */
    public Rule withInterfaces(InterfaceSpec in, InterfaceSpec out) {
        Builder b = builder().source(source, sourceInverted).destination(destination, destinationInverted)
                .protocol(protocol, protocolInverted);
        b.fragment = fragment;
        b.inInterface = in;
        b.outInterface = out;
        matches.forEach(b::match);
        return b.target(target).build();
    }

    /** This rule with other matches: the same addresses, interfaces, protocol and target, a new counter. */
    public Rule withMatches(java.util.List<Match> others) {
        Builder b = builder().source(source, sourceInverted).destination(destination, destinationInverted)
                .protocol(protocol, protocolInverted);
        b.fragment = fragment;
        if (inInterface != null) b.inInterface(inInterface.name(), inInterface.inverted());
        if (outInterface != null) b.outInterface(outInterface.name(), outInterface.inverted());
        others.forEach(b::match);
        return b.target(target).build();
    }

    /** Whether the packet matches: the IP header part first, then every match extension. */
    public boolean matches(PacketContext ctx) {
        Packet p = ctx.packet();
        if (!source.isAny() && source.contains(p.source()) == sourceInverted) return false;
        if (!destination.isAny() && destination.contains(p.destination()) == destinationInverted) return false;
        if (protocol != Protocol.ALL && (p.protocol() == protocol) == protocolInverted) return false;
        if (inInterface != null && !inInterface.matches(ctx.inName())) return false;
        if (outInterface != null && !outInterface.matches(ctx.outName())) return false;
        // the model's packets are never second or later fragments: -f never holds, ! -f always
        if (fragment > 0) return false;
        for (Match m : matchArray) {
            if (!m.matches(ctx)) return false;
        }
        return true;
    }

    public Cidr source() { return source; }
    public boolean sourceInverted() { return sourceInverted; }
    public Cidr destination() { return destination; }
    public boolean destinationInverted() { return destinationInverted; }
    public InterfaceSpec inInterface() { return inInterface; }
    public InterfaceSpec outInterface() { return outInterface; }
    public int protocol() { return protocol; }
    public boolean protocolInverted() { return protocolInverted; }
    /** {@code -f}: 1, {@code ! -f}: -1, neither: 0. */
    public int fragment() { return fragment; }
    public ImmutableList<Match> matches() { return matches; }
    public Target target() { return target; }
    public Counter counter() { return counter; }

    /** No condition at all: no address, interface or protocol, no match extension. */
    public boolean isUnconditional() {
        return source.isAny() && !sourceInverted && destination.isAny() && !destinationInverted
                && inInterface == null && outInterface == null && protocol == Protocol.ALL
                && !protocolInverted && fragment == 0 && matchArray.length == 0;
    }

    /** The destination port every matching packet must have, or -1 (for the chain index). */
    int requiredDestinationPort() {
        if (protocolInverted || !Protocol.hasPorts(protocol)) return -1;
        for (Match m : matchArray) {
            int port = m.requiredDestinationPort();
            if (port >= 0) return port;
        }
        return -1;
    }

    /**
     * The rule specification as iptables-save prints it after {@code -A CHAIN}: addresses,
     * interfaces, protocol, the matches in order, then the target.
     */
    public String toSave() {
        String text = saveText;
        if (text == null) saveText = text = buildSave();
        return text;
    }

    private String buildSave() {
        StringBuilder b = new StringBuilder();
        if (!source.isAny() || sourceInverted) {
            b.append(sourceInverted ? "! -s " : "-s ").append(source).append(' ');
        }
        if (!destination.isAny() || destinationInverted) {
            b.append(destinationInverted ? "! -d " : "-d ").append(destination).append(' ');
        }
        if (inInterface != null && inInterface.saved()) b.append(inInterface.toSave('i')).append(' ');
        if (outInterface != null && outInterface.saved()) b.append(outInterface.toSave('o')).append(' ');
        if (protocol != Protocol.ALL || protocolInverted) {
            String name = Protocol.name(protocol);
            b.append(protocolInverted ? "! -p " : "-p ").append(name == null ? String.valueOf(protocol) : name)
                    .append(' ');
        }
        if (fragment != 0) b.append(fragment < 0 ? "! -f " : "-f ");
        for (Match m : matchArray) {
            b.append(m.toSave()).append(' ');
        }
        if (target != null) {
            b.append(target.toSave());
        }
        return b.toString().trim();
    }

    /** Two rules are the same rule (for {@code -D} and {@code -C}) when their specifications are. */
    public boolean sameSpecification(Rule other) {
        return toSave().equals(other.toSave());
    }

    @Override public String toString() {
        return toSave();
    }

    /** Builds a rule; the iptables front end fills it from the command line. */
    public static final class Builder {
        private Cidr source = Cidr.ANY;
        private boolean sourceInverted;
        private Cidr destination = Cidr.ANY;
        private boolean destinationInverted;
        private InterfaceSpec inInterface;
        private InterfaceSpec outInterface;
        private int protocol = Protocol.ALL;
        private boolean protocolInverted;
        private int fragment;
        private final java.util.List<Match> matches = new java.util.ArrayList<>();
        private Target target;

        public Builder source(Cidr cidr, boolean inverted) {
            this.source = cidr;
            this.sourceInverted = inverted;
            return this;
        }

        public Builder destination(Cidr cidr, boolean inverted) {
            this.destination = cidr;
            this.destinationInverted = inverted;
            return this;
        }

        public Builder inInterface(String name, boolean inverted) {
            this.inInterface = new InterfaceSpec(name, inverted);
            return this;
        }

        public Builder outInterface(String name, boolean inverted) {
            this.outInterface = new InterfaceSpec(name, inverted);
            return this;
        }

        public Builder protocol(int protocol, boolean inverted) {
            this.protocol = protocol;
            this.protocolInverted = inverted;
            return this;
        }

        /** {@code -f} (or {@code ! -f}): second and later fragments only (or never them). */
        public Builder fragment(boolean inverted) {
            this.fragment = inverted ? -1 : 1;
            return this;
        }

        public int protocol() { return protocol; }
        public boolean protocolInverted() { return protocolInverted; }
        public boolean hasInInterface() { return inInterface != null; }
        public boolean hasOutInterface() { return outInterface != null; }

        public Builder match(Match match) {
            matches.add(match);
            return this;
        }

        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        public Target target() { return target; }

        public Rule build() {
            return new Rule(this);
        }
    }
}
