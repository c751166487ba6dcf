package dev.nflab.iptables;

import dev.nflab.extensions.Extensions;
import dev.nflab.extensions.MatchExtension;
import dev.nflab.extensions.OptionParser;
import dev.nflab.extensions.OptionValues;
import dev.nflab.extensions.ParameterProblem;
import dev.nflab.extensions.TargetExtension;
import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.StandardTarget;
import dev.nflab.netfilter.Target;
import dev.nflab.packet.Cidr;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the rule part of an iptables command line ({@code -s -d -i -o -p -m ... -j ...}) into a
 * {@link Rule}, as iptables does: match options go to the match loaded last that knows them, and
 * {@code -p tcp} loads the tcp match implicitly for {@code --dport}. The extensions come from a
 * registry ({@link Extensions}).
 */
final class RuleParser {
    private final Extensions extensions;
    private final Rule.Builder rule = Rule.builder();
    private final List<OptionParser<Match>> matches = new ArrayList<>();
    private final List<String> matchNames = new ArrayList<>();
    private OptionParser<Target> target;
    private String targetName;
    private boolean seenSource, seenDestination, seenIn, seenOut, seenProtocol;

    private final IpSets ipsets;

    RuleParser(Extensions extensions, IpSets ipsets) {
        this.extensions = extensions;
        this.ipsets = ipsets;
    }

    /** Whether any rule option was given (so {@code -L} with a rule spec can be refused). */
    boolean isEmpty() {
        return !seenSource && !seenDestination && !seenIn && !seenOut && !seenProtocol && matches.isEmpty()
                && target == null;
    }

    /**
     * Takes {@code option} if it belongs to the rule. Returns false if it is not a rule option
     * (the caller reports it as unknown).
     */
    boolean accept(String option, boolean inverted, Args args) throws IptablesException {
        switch (option) {
            case "-s", "--source", "--src" -> {
                once(seenSource, "-s");
                seenSource = true;
                rule.source(address(args.value(option)), inverted);
            }
            case "-d", "--destination", "--dst" -> {
                once(seenDestination, "-d");
                seenDestination = true;
                rule.destination(address(args.value(option)), inverted);
            }
            case "-i", "--in-interface" -> {
                once(seenIn, "-i");
                seenIn = true;
                rule.inInterface(iface(args.value(option)), inverted);
            }
            case "-o", "--out-interface" -> {
                once(seenOut, "-o");
                seenOut = true;
                rule.outInterface(iface(args.value(option)), inverted);
            }
            case "-p", "--protocol" -> {
                once(seenProtocol, "-p");
                seenProtocol = true;
                String v = args.value(option);
                int p = Protocol.parse(v);
                if (p < 0) throw new IptablesException("unknown protocol \"" + v + "\" specified", 2);
                rule.protocol(p, inverted);
            }
            case "-m", "--match" -> {
                if (inverted) throw new IptablesException("unexpected ! flag before --match", 2);
                String name = args.value(option);
                checkProtocolFor(name);
                matches.add(match(name));
                matchNames.add(name);
            }
            case "-j", "--jump", "-g", "--goto" -> {
                if (inverted) throw new IptablesException("cannot have ! before " + option, 2);
                if (target != null) throw new IptablesException("multiple -j flags not allowed", 2);
                targetName = args.value(option);
                boolean goTo = option.equals("-g") || option.equals("--goto");
                target = goTo ? fixed(StandardTarget.goTo(targetName)) : target(targetName);
            }
            case "-f", "--fragment" -> throw new IptablesException("-f (fragments) is not modelled by nflab", 2);
            default -> {
                return extensionOption(option, inverted, args);
            }
        }
        return true;
    }

    private OptionParser<Match> match(String name) throws IptablesException {
        MatchExtension m = extensions.match(name);
        if (m == null) {
            throw new IptablesException("Couldn't load match `" + name + "':No such file or directory (nflab models: "
                    + String.join(", ", extensions.matchNames()) + ")", 2);
        }
        return m.parser().get();
    }

    /** An extension's parser, or the standard target: a verdict or a jump to a chain. */
    private OptionParser<Target> target(String name) {
        return switch (name) {
            case "ACCEPT" -> fixed(StandardTarget.ACCEPT);
            case "DROP" -> fixed(StandardTarget.DROP);
            case "RETURN" -> fixed(StandardTarget.RETURN);
            default -> {
                TargetExtension t = extensions.target(name);
                yield t != null ? t.parser().get() : fixed(StandardTarget.jump(name));
            }
        };
    }

    private static OptionParser<Target> fixed(Target t) {
        return new OptionParser<>() {
            @Override public boolean parse(String o, boolean inv, OptionValues values) { return false; }
            @Override public Target build() { return t; }
        };
    }

    private boolean extensionOption(String option, boolean inverted, Args args) throws IptablesException {
        if (!option.startsWith("--")) return false;
        for (int i = matches.size() - 1; i >= 0; i--) {
            if (parse(matches.get(i), option, inverted, args)) return true;
        }
        if (target != null && parse(target, option, inverted, args)) return true;
        // iptables loads the protocol's match by itself: "-p tcp --dport 80" is "-p tcp -m tcp --dport 80".
        String proto = Protocol.name(rule.protocol());
        if (!rule.protocolInverted() && (rule.protocol() == Protocol.TCP || rule.protocol() == Protocol.UDP
                || rule.protocol() == Protocol.SCTP || rule.protocol() == Protocol.ICMP)
                && !matchNames.contains(proto)) {
            OptionParser<Match> implicit = match(proto);
            if (parse(implicit, option, inverted, args)) {
                matches.add(implicit);
                matchNames.add(proto);
                return true;
            }
        }
        return false;
    }

    /** One option to one extension; its problem becomes iptables' error (status 2). */
    private boolean parse(OptionParser<?> parser, String option, boolean inverted, Args args)
            throws IptablesException {
        OptionValues values = new OptionValues() {
            @Override public String value(String o) throws ParameterProblem {
                try {
                    return args.value(o);
                } catch (IptablesException e) {
                    throw new ParameterProblem(e.getMessage());
                }
            }

            @Override public String peek() { return args.hasNext() ? args.peek() : null; }
            @Override public void skip() { args.next(); }
            @Override public IpSets ipsets() { return ipsets; }
        };
        try {
            return parser.parse(option, inverted, values);
        } catch (ParameterProblem e) {
            throw new IptablesException(e.getMessage(), 2);
        }
    }

    private void checkProtocolFor(String match) throws IptablesException {
        boolean needs = match.equals("tcp") || match.equals("udp") || match.equals("sctp") || match.equals("icmp");
        if (needs && (rule.protocolInverted() || Protocol.parse(match) != rule.protocol())) {
            // iptables-1.8 refuses "-m tcp" without "-p tcp" when the rule is added.
            throw new IptablesException("Need -p " + match + " with -m " + match
                    + " (the " + match + " match only looks at " + match + " packets)", 2);
        }
        if (match.equals("multiport") && !Protocol.hasPorts(rule.protocol())) {
            throw new IptablesException("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'", 2);
        }
    }

    Rule build() throws IptablesException {
        try {
            for (OptionParser<Match> m : matches) rule.match(m.build());
            if (target != null) rule.target(target.build());
        } catch (ParameterProblem e) {
            throw new IptablesException(e.getMessage(), 2);
        }
        return rule.build();
    }

    boolean hasTarget() {
        return target != null;
    }

    private static void once(boolean seen, String option) throws IptablesException {
        if (seen) throw new IptablesException("multiple " + option + " flags not allowed", 2);
    }

    static Cidr address(String text) throws IptablesException {
        if (text.indexOf(',') >= 0) {
            throw new IptablesException("several addresses in one option (" + text
                    + ") make several rules in iptables; nflab takes one address or prefix per rule", 2);
        }
        try {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            if (host.equals("0")) host = "0.0.0.0"; // inet_aton's "0", as in Docker's "-d 0/0"
            if (!Ipv4.isValid(host)) throw new IptablesException("host/network `" + host + "' not found", 2);
            return Cidr.parse(slash < 0 ? host : host + text.substring(slash));
        } catch (IllegalArgumentException e) {
            throw new IptablesException("invalid mask `" + text.substring(text.indexOf('/') + 1) + "' specified", 2);
        }
    }

    private static String iface(String name) throws IptablesException {
        if (name.isEmpty() || name.length() > 15) {
            throw new IptablesException("interface name `" + name + "' must be shorter than IFNAMSIZ (15)", 2);
        }
        for (char c : name.toCharArray()) {
            if (c == ' ' || c == '/') throw new IptablesException("Invalid interface name `" + name + "'", 2);
        }
        return name;
    }
}
