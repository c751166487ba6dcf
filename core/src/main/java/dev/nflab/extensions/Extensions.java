package dev.nflab.extensions;

import java.util.ArrayList;
import java.util.List;

/**
 * The match and target extensions iptables can load: the one list of them. Each is one unit in
 * this package, as iptables keeps {@code extensions/libxt_NAME.c} and the kernel {@code xt_NAME.c}:
 * its options and errors, what it does, how it prints (iptables-save and {@code -L}), where it is
 * valid, whether it needs conntrack. Adding one is one file plus one line below.
 */
public final class Extensions {
    // One line per extension (each ends with a comma, so adding one changes one line).
    private static final MatchExtension[] MATCHES = {
            PortMatch.TCP,
            PortMatch.UDP,
            PortMatch.SCTP,
            MultiportMatch.EXTENSION,
            IcmpMatch.EXTENSION,
            AddrtypeMatch.EXTENSION,
            ConntrackMatch.CONNTRACK,
            ConntrackMatch.STATE,
            PhysdevMatch.EXTENSION,
            CommentMatch.EXTENSION,
            MarkMatch.EXTENSION,
            IprangeMatch.EXTENSION,
            LengthMatch.EXTENSION,
            LimitMatch.EXTENSION,
            SetMatch.EXTENSION,
            PkttypeMatch.EXTENSION,
            ConnlimitMatch.EXTENSION,
            RecentMatch.EXTENSION,
            OwnerMatch.EXTENSION,
    };

    private static final TargetExtension[] TARGETS = {
            NatTarget.DNAT,
            NatTarget.SNAT,
            MasqueradeTarget.EXTENSION,
            RedirectTarget.EXTENSION,
            RejectTarget.EXTENSION,
            LogTarget.EXTENSION,
            MarkTarget.EXTENSION,
            TraceTarget.EXTENSION,
            ChecksumTarget.EXTENSION,
            CtTarget.CT,
            CtTarget.NOTRACK,
            TcpmssTarget.EXTENSION,
    };

    private static final Extensions STANDARD = new Extensions(List.of(MATCHES), List.of(TARGETS));

    private final List<MatchExtension> matches;
    private final List<TargetExtension> targets;

    private Extensions(List<MatchExtension> matches, List<TargetExtension> targets) {
        this.matches = List.copyOf(matches);
        this.targets = List.copyOf(targets);
    }

    /** The extensions nflab models. */
    public static Extensions standard() {
        return STANDARD;
    }

    /**
     * These extensions with {@code match} in place of the one of the same name (or added): how an
     * exercise loads a learner's own {@code addrtype} under its real name.
     */
    public Extensions with(MatchExtension match) {
        List<MatchExtension> list = new ArrayList<>(matches);
        list.removeIf(m -> m.name().equals(match.name()));
        list.add(match);
        return new Extensions(list, targets);
    }

    /** The match {@code -m name} loads, or null when there is none. */
    public MatchExtension match(String name) {
        for (MatchExtension m : matches) {
            if (m.name().equals(name)) return m;
        }
        return null;
    }

    /** The target {@code -j name} loads, or null (then the name is a chain's). */
    public TargetExtension target(String name) {
        for (TargetExtension t : targets) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** The match names, in the order above. */
    public List<String> matchNames() {
        List<String> names = new ArrayList<>();
        for (MatchExtension m : matches) names.add(m.name());
        return names;
    }
}
