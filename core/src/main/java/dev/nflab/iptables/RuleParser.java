package dev.nflab.iptables;

import dev.nflab.extensions.Extensions;
import dev.nflab.extensions.MatchExtension;
import dev.nflab.extensions.OptionParser;
import dev.nflab.extensions.OptionValues;
import dev.nflab.extensions.ParameterProblem;
import dev.nflab.extensions.TargetExtension;
import dev.nflab.netfilter.IpSets;
import dev.nflab.netfilter.Match;
import dev.nflab.netfilter.QueueTarget;
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
    private String sourceText, destinationText;
    private boolean seenFragment;
    private boolean sourceInverted, destinationInverted;

    private final List<String> warnings;
    private final IpSets ipsets;

    RuleParser(Extensions extensions, IpSets ipsets, List<String> warnings) {
        this.extensions = extensions;
        this.ipsets = ipsets;
        this.warnings = warnings;
    }

    /** The rule's long options iptables always knows. */
    private static final List<String> GENERIC = List.of("--source", "--src", "--destination", "--dst",
            "--in-interface", "--out-interface", "--protocol", "--match", "--jump", "--goto", "--fragment");

    /**
     * getopt_long's reading of {@code option} against iptables' option table as it stands (the
     * command's options, the rule's, those of every extension loaded so far): an exact name, or
     * the one name it is a prefix of; else, as iptables then loads the protocol's match, one of that
     * match's names; else unchanged (iptables says it is unknown, as when it is ambiguous).
     */
    String resolve(String option, List<String> commandOptions) {
        if (!option.startsWith("--") || option.length() <= 2) return option;
        List<String> table = new ArrayList<>(commandOptions);
        table.addAll(GENERIC);
        for (OptionParser<Match> m : matches) table.addAll(m.options());
        if (target != null) table.addAll(target.options());
        if (table.contains(option)) return option;
        String found = unique(option, table);
        if (found != null) return found;
        String proto = Protocol.name(rule.protocol());
        if (rule.protocol() != Protocol.ALL && proto != null && !matchNames.contains(proto)) {
            MatchExtension m = extensions.match(proto);
            if (m != null) {
                List<String> own = m.parser().get().options();
                if (own.contains(option)) return option;
                table.addAll(own);
                found = unique(option, table);
                if (found != null) return found;
            }
        }
        return option;
    }

    private static String unique(String prefix, List<String> table) {
        String found = null;
        for (String o : table) {
            if (!o.startsWith(prefix)) continue;
            if (found != null && !found.equals(o)) return null;
            found = o;
        }
        return found;
    }

    /** Whether any rule option was given (so {@code -L} with a rule spec can be refused). */
    boolean isEmpty() {
        return !seenSource && !seenDestination && !seenIn && !seenOut && !seenProtocol && !seenFragment
                && matches.isEmpty()
                && target == null;
    }

    /**
     * Takes {@code option} if it belongs to the rule. Returns false if it is not a rule option
     * (the caller reports it as unknown).
     */
    boolean accept(String option, boolean inverted, Args args) throws IptablesException {
        switch (option) {
            // iptables reads the addresses after every option (ipv4_post_parse): kept as text till build()
            case "-s", "--source", "--src" -> {
                once(seenSource, "-s");
                seenSource = true;
                sourceText = args.value(option);
                sourceInverted = inverted;
            }
            case "-d", "--destination", "--dst" -> {
                once(seenDestination, "-d");
                seenDestination = true;
                destinationText = args.value(option);
                destinationInverted = inverted;
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
                if (p == Protocol.ALL && inverted) throw new IptablesException("rule would never match protocol", 2);
                rule.protocol(p, inverted);
            }
            case "-m", "--match" -> {
                if (inverted) throw new IptablesException("unexpected ! flag before --match", 2);
                String name = args.value(option);
                // "-m tcp" without "-p tcp" is refused only when the rule reaches the kernel
                // (Commit); multiport checks -p when its ports are read
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
            case "-f", "--fragment" -> {
                once(seenFragment, "-f");
                seenFragment = true;
                rule.fragment(inverted);
            }
            default -> {
                return extensionOption(option, inverted, args);
            }
        }
        return true;
    }

    private OptionParser<Match> match(String name) throws IptablesException {
        MatchExtension m = extensions.match(name);
        if (m == null) {
            throw new IptablesException("Couldn't load match `" + name + "':No such file or directory", 2);
        }
        return m.parser().get();
    }

    /** An extension's parser, or the standard target: a verdict or a jump to a chain. */
    private OptionParser<Target> target(String name) {
        return switch (name) {
            case "ACCEPT" -> fixed(StandardTarget.ACCEPT);
            case "DROP" -> fixed(StandardTarget.DROP);
            case "RETURN" -> fixed(StandardTarget.RETURN);
            case "QUEUE" -> fixed(QueueTarget.QUEUE);
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
        // iptables loads the protocol's match by itself: "-p tcp --dport 80" is "-p tcp -m tcp --dport 80",
        // an inverted -p too (xshared.c's should_load_proto looks at the name only; the kernel then
        // refuses the match)
        String proto = Protocol.name(rule.protocol());
        if ((rule.protocol() == Protocol.TCP || rule.protocol() == Protocol.UDP
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

            @Override public int protocol() { return rule.protocol(); }

            @Override public boolean protocolInverted() { return rule.protocolInverted(); }

            @Override public void warn(String message) { warnings.add(message); }

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

    /** The one rule of a save file's line (several addresses in one option are not taken there). */
    Rule build() throws IptablesException {
        List<Rule> rules = buildAll();
        if (rules.size() > 1) {
            String text = sourceText != null && sourceText.indexOf(',') >= 0 ? sourceText : destinationText;
            throw new IptablesException("several addresses in one option (" + text
                    + "): nflab reads one address or prefix per rule in a rules file", 2);
        }
        return rules.get(0);
    }

    /**
     * The extensions' final checks, then the addresses (iptables' order), then the rules: one per
     * source and destination address, sources outermost, as iptables adds them.
     */
    List<Rule> buildAll() throws IptablesException {
        try {
            for (OptionParser<Match> m : matches) rule.match(m.build());
            if (target != null) rule.target(target.build());
        } catch (ParameterProblem e) {
            throw new IptablesException(e.getMessage(), 2);
        }
        List<Cidr> s = sourceText == null ? null : addresses(sourceText);
        List<Cidr> d = destinationText == null ? null : addresses(destinationText);
        boolean several = s != null && s.size() > 1 || d != null && d.size() > 1;
        if (several && (sourceInverted || destinationInverted)) {
            throw new IptablesException("! not allowed with multiple source or destination IP addresses", 2);
        }
        List<Rule> rules = new ArrayList<>();
        for (Cidr src : s == null ? java.util.Collections.<Cidr>singletonList(null) : s) {
            for (Cidr dst : d == null ? java.util.Collections.<Cidr>singletonList(null) : d) {
                if (src != null) rule.source(src, sourceInverted);
                if (dst != null) rule.destination(dst, destinationInverted);
                rules.add(rule.build());
            }
        }
        return rules;
    }

    /** Whether -s or -d named several addresses. */
    boolean severalAddresses() {
        return sourceText != null && sourceText.indexOf(',') >= 0
                || destinationText != null && destinationText.indexOf(',') >= 0;
    }

    /** The name after {@code -j} or {@code -g}, or null (iptables' {@code cs->jumpto}). */
    String targetName() {
        return targetName;
    }

        boolean hasTarget() {
        return target != null;
    }

    private static void once(boolean seen, String option) throws IptablesException {
        if (seen) throw new IptablesException("multiple " + option + " flags not allowed", 2);
    }

    /** xtables_ipparse_multiple: addresses separated by commas, each {@link #address}. */
    static List<Cidr> addresses(String text) throws IptablesException {
        List<Cidr> list = new ArrayList<>();
        for (String part : text.split(",", -1)) list.add(address(part));
        return list;
    }

    /**
     * One {@code ADDRESS[/MASK]} as libxtables reads it: the mask a prefix length 0-32 or a dotted
     * netmask ({@code invalid mask `M' specified}), the address dotted numbers with the missing
     * right-hand ones 0 ({@code 1.2.3} is 1.2.3.0), else a host name, which the model does not
     * resolve ({@code host/network `H' not found}).
     */
    static Cidr address(String text) throws IptablesException {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        int prefix = 32;
        if (slash >= 0) {
            String m = text.substring(slash + 1);
            if (m.indexOf('.') >= 0) {
                Integer mask = dotted(m);
                if (mask == null) throw new IptablesException("host/network `" + m + "' not found", 2);
                Integer address = dotted(host);
                if (address == null) throw new IptablesException("host/network `" + host + "' not found", 2);
                return Cidr.masked(address, mask); // a non-contiguous mask too, as iptables takes it
            } else {
                long[] n = Numbers.strtoui(m, 32);
                if (n == null) throw new IptablesException("invalid mask `" + m + "' specified", 2);
                prefix = (int) n[0];
            }
        }
        Integer address = dotted(host);
        if (address == null) throw new IptablesException("host/network `" + host + "' not found", 2);
        return Cidr.of(address, prefix);
    }

    /** xtables' numeric_to_addr: one to four dotted decimal numbers 0-255, the missing ones 0. */
    private static Integer dotted(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) return null;
        int a = 0;
        for (int i = 0; i < 4; i++) {
            int v = 0;
            if (i < parts.length) {
                String p = parts[i];
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return null;
                v = Integer.parseInt(p);
                if (v > 255) return null;
            }
            a = (a << 8) | v;
        }
        return a;
    }

    /** xshared.c's parse_interface: empty and too long are errors, a blank or slash only a warning. */
    private String iface(String name) throws IptablesException {
        if (name.isEmpty()) throw new IptablesException("Empty interface is likely to be undesired", 2);
        if (name.length() > 15) {
            throw new IptablesException("interface name `" + name + "' must be shorter than IFNAMSIZ (15)", 2);
        }
        for (char c : name.toCharArray()) {
            if (c == ' ' || c == '/') {
                warnings.add("Warning: weird character in interface `" + name
                        + "' ('/' and ' ' are not allowed by the kernel).");
                break;
            }
        }
        return name;
    }
}
