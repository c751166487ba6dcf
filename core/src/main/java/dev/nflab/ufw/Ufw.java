package dev.nflab.ufw;

import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.notebook.Kit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ufw 0.36 as a command-line tool on one host: its configuration files, starting from the
 * package's pristine ones ({@code data/ufw-0.36.2}), and what each {@code ufw} command prints,
 * refuses and writes. Rules are kept as ufw keeps them (tuples, IPv4 and IPv6 apart) and written
 * to {@code user.rules} and {@code user6.rules} in ufw's layout.
 *
 * <p>Modelled: {@code enable} (with or without {@code --force}: no ssh session asks), {@code disable}, {@code reload},
 * {@code default allow|deny|reject [incoming|outgoing|routed]}, rules in the simple syntax
 * ({@code allow 22/tcp}, {@code deny 8080}, {@code limit ssh}) and the extended one
 * ({@code [in|out] [on IF] [from ADDR [port P]] [to ADDR [port P]] [proto P]}), {@code route}
 * rules, {@code delete RULE}. Anything else is refused with a line saying it is not modelled.
 */
public final class Ufw {
    /** What a command printed (stdout and stderr as the lab records them) and its exit status. */
    public record Result(String output, int status) {}

    /** What ufw 0.36.2 prints after {@code ERROR: Invalid syntax} for a command it does not know (recorded: 22-unknown-command). */
    private static final String USAGE = """

            Usage: ufw COMMAND

            Commands:
             enable                          enables the firewall
             disable                         disables the firewall
             default ARG                     set default policy
             logging LEVEL                   set logging to LEVEL
             allow ARGS                      add allow rule
             deny ARGS                       add deny rule
             reject ARGS                     add reject rule
             limit ARGS                      add limit rule
             delete RULE|NUM                 delete RULE
             insert NUM RULE                 insert RULE at NUM
             prepend RULE                    prepend RULE
             route RULE                      add route RULE
             route delete RULE|NUM           delete route RULE
             route insert NUM RULE           insert route RULE at NUM
             reload                          reload firewall
             reset                           reset firewall
             status                          show firewall status
             status numbered                 show firewall status as numbered list of RULES
             status verbose                  show verbose firewall status
             show ARG                        show firewall report
             version                         display version information

            Application profile commands:
             app list                        list application profiles
             app info PROFILE                show information on PROFILE
             app update PROFILE              update PROFILE
             app default ARG                 set default application policy
            """.stripTrailing();

    private final String pristineUser;
    private final String pristineUser6;
    private String defaults;
    private String conf;
    private boolean written;          // user.rules rewritten by ufw (from the first enable or rule change)
    private boolean enabled;
    private final List<UfwRule> rules = new ArrayList<>();
    private final List<UfwRule> rules6 = new ArrayList<>();
    private final UfwFirewall firewall;
    private Iptables ipt;             // the host's rules ufw changes, or null (files and words only)

    private Ufw(Path data) {
        firewall = UfwFirewall.of(data);
        try {
            Path d = data.resolve("ufw-0.36.2");
            pristineUser = Files.readString(d.resolve("iptables/user.rules"));
            pristineUser6 = Files.readString(d.resolve("iptables/user6.rules"));
            defaults = Files.readString(d.resolve("etc-default/ufw"));
            conf = Files.readString(d.resolve("etc-ufw/ufw.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException("ufw's pristine files: " + e.getMessage(), e);
        }
    }

    /** ufw as the package installs it: inactive, no rules (the files of {@code DATA/ufw-0.36.2}). */
    public static Ufw pristine(Path data) {
        return new Ufw(data);
    }

    /** The same, from the checkout's {@code data/ufw-0.36.2} ({@link Kit#data()}). */
    public static Ufw pristine() {
        return new Ufw(Kit.data());
    }

    /**
     * The host's rules from now on (its filter table is where ufw-init and ufw's rule changes
     * act): before Docker starts, the host's own; then the Docker host's ({@code DockerHost.iptables()}).
     */
    public Ufw attach(Iptables iptables) {
        this.ipt = iptables;
        return this;
    }

    public boolean enabled() { return enabled; }
    public List<UfwRule> rules() { return List.copyOf(rules); }
    public List<UfwRule> rules6() { return List.copyOf(rules6); }
    /** /etc/default/ufw as it is now. */
    public String defaultsFile() { return defaults; }
    /** /etc/ufw/ufw.conf as it is now. */
    public String confFile() { return conf; }

    /** A policy of /etc/default/ufw: INPUT, OUTPUT or FORWARD; ACCEPT, DROP or REJECT. */
    public String defaultPolicy(String chain) {
        var m = Pattern.compile("(?m)^DEFAULT_" + chain + "_POLICY=\"([A-Z]+)\"").matcher(defaults);
        return m.find() ? m.group(1) : "";
    }

    /** Runs {@code ufw ARGS}: ufw's output and exit status; a refusal is status 1 with ufw's message. */
    public Result run(List<String> args) {
        try {
            return new Result(execute(args), 0);
        } catch (UfwException e) {
            return new Result(e.getMessage(), 1);
        }
    }

    /** Runs {@code ufw ARGS} and returns what it printed; throws what ufw refuses. */
    public String execute(List<String> args) throws UfwException {
        if (args.isEmpty()) throw new UfwException("ERROR: not enough args");
        List<String> a = new ArrayList<>(args);
        a.remove("--force");
        String cmd = a.get(0);
        List<String> rest = a.subList(1, a.size());
        return switch (cmd) {
            case "enable" -> {
                // ufw asks "Proceed with operation (y|n)?" only when it runs under ssh (its under_ssh
                // check); the host here has no ssh session, so plain enable does what --force does
                // (recorded: 17-enable-asks)
                noArgs(cmd, rest);
                enabled = true;
                written = true;
                conf = conf.replaceFirst("(?m)^ENABLED=.*$", "ENABLED=yes");
                if (ipt != null) apply(() -> firewall.start(ipt, this));
                yield "Firewall is active and enabled on system startup";
            }
            case "disable" -> {
                noArgs(cmd, rest);
                if (ipt != null && enabled) apply(() -> firewall.stop(ipt));
                enabled = false;
                conf = conf.replaceFirst("(?m)^ENABLED=.*$", "ENABLED=no");
                yield "Firewall stopped and disabled on system startup";
            }
            case "reload" -> {
                noArgs(cmd, rest);
                if (ipt != null && enabled) apply(this::restart);
                yield enabled ? "Firewall reloaded" : "Firewall not enabled (skipping reload)";
            }
            case "default" -> setDefault(rest);
            case "delete" -> delete(rest);
            case "route" -> {
                if (rest.isEmpty()) throw new UfwException("ERROR: Invalid syntax");
                yield add(parseRule(rest.get(0), rest.subList(1, rest.size()), true));
            }
            case "allow", "deny", "reject", "limit" -> add(parseRule(cmd, rest, false));
            case "status" -> {
                if (rest.isEmpty() || rest.equals(List.of("verbose"))) yield status(!rest.isEmpty());
                throw new UfwException("`ufw status " + String.join(" ", rest) + "' is not modelled (status, status verbose)");
            }
            case "logging", "insert", "prepend", "reset", "show", "version", "app" ->
                throw new UfwException("`ufw " + cmd + "' is not modelled (enable, disable, reload, default, "
                        + "allow, deny, reject, limit, route, delete)");
            default -> throw new UfwException("ERROR: Invalid syntax\n" + USAGE);
        };
    }

    private static void noArgs(String cmd, List<String> rest) throws UfwException {
        if (!rest.isEmpty()) throw new UfwException("ERROR: Invalid syntax");
    }

    private String setDefault(List<String> rest) throws UfwException {
        if (rest.isEmpty() || rest.size() > 2) throw new UfwException("ERROR: Invalid syntax");
        String policy = switch (rest.get(0)) {
            case "allow" -> "ACCEPT";
            case "deny" -> "DROP";
            case "reject" -> "REJECT";
            default -> throw new UfwException("ERROR: Unsupported policy '" + rest.get(0) + "'");
        };
        String dir = rest.size() == 2 ? rest.get(1) : "incoming";
        String chain = switch (dir) {
            case "incoming", "input" -> "INPUT";
            case "outgoing", "output" -> "OUTPUT";
            case "routed", "forward" -> "FORWARD";
            default -> throw new UfwException("ERROR: Unsupported direction '" + dir + "'");
        };
        String word = switch (chain) { case "INPUT" -> "incoming"; case "OUTPUT" -> "outgoing"; default -> "routed"; };
        defaults = defaults.replaceFirst("(?m)^DEFAULT_" + chain + "_POLICY=.*$", "DEFAULT_" + chain + "_POLICY=\"" + policy + "\"");
        if (ipt != null && enabled) apply(this::restart);
        return "Default " + word + " policy changed to '" + rest.get(0) + "'\n(be sure to update your rules accordingly)";
    }

    // ------------------------------------------------------------------ rules
    /** A parsed rule: the IPv4 and/or IPv6 form (an IPv4 address makes it IPv4 only). */
    private record Parsed(UfwRule v4, UfwRule v6) {}

    private static final Pattern PORT = Pattern.compile("[0-9]+");
    /** Service names ufw resolves (getservbyname per protocol, netbase 6.4's /etc/services), a few. */
    private static final Map<String, String[]> SERVICES = Map.of(
            "ssh", new String[] {"22", "tcp"}, "http", new String[] {"80", "tcp"},
            "https", new String[] {"443", "any"}, "domain", new String[] {"53", "any"},
            "smtp", new String[] {"25", "tcp"}, "ntp", new String[] {"123", "udp"});

    private static Parsed parseRule(String action, List<String> w, boolean route) throws UfwException {
        switch (action) {
            case "allow", "deny", "reject", "limit" -> { }
            default -> throw new UfwException("ERROR: Invalid syntax");
        }
        if (w.isEmpty()) throw new UfwException("ERROR: Invalid syntax");
        String direction = "in", inIf = "", outIf = "", proto = "any", dport = "any", sport = "any";
        String src = null, dst = null;
        int i = 0;
        boolean extended = w.contains("from") || w.contains("to") || w.contains("on") || w.contains("proto");
        if (!extended) {
            if (w.get(0).equals("in") || w.get(0).equals("out")) { direction = w.get(0); i = 1; }
            if (w.size() != i + 1) throw new UfwException("ERROR: Invalid syntax");
            String spec = w.get(i);
            String[] pp = spec.split("/", -1);
            if (pp.length > 2) throw new UfwException("ERROR: Invalid syntax");
            if (pp.length == 2) {       // recorded: 80/icmp is ERROR: Bad port (21-bad-proto)
                if (!pp[1].equals("tcp") && !pp[1].equals("udp")) throw new UfwException("ERROR: Bad port");
                proto = pp[1];
            }
            String[] port = port(pp[0]);
            dport = port[0];
            if (pp.length == 1) proto = port[1];
        } else {
            while (i < w.size()) {
                String k = w.get(i);
                String v = i + 1 < w.size() ? w.get(i + 1) : null;
                switch (k) {
                    case "in", "out" -> {
                        if ("on".equals(v)) {
                            String iface = i + 2 < w.size() ? w.get(i + 2) : null;
                            if (iface == null) throw new UfwException("ERROR: Invalid interface clause");
                            if (k.equals("in")) inIf = iface; else outIf = iface;
                            if (!route) direction = k;
                            i += 3;
                        } else {
                            if (route) throw new UfwException("ERROR: Invalid interface clause");
                            direction = k;
                            i += 1;
                        }
                    }
                    case "on" -> {
                        if (v == null) throw new UfwException("ERROR: Invalid interface clause");
                        if (direction.equals("out")) outIf = v; else inIf = v;
                        i += 2;
                    }
                    case "from", "to" -> {
                        if (v == null) throw new UfwException("ERROR: Invalid token '" + k + "'");
                        String addr = address(v, k.equals("from"));
                        if (k.equals("from")) src = addr; else dst = addr;
                        i += 2;
                        if (i < w.size() && w.get(i).equals("port")) {
                            if (i + 1 >= w.size()) throw new UfwException("ERROR: Invalid 'port' clause");
                            String[] port;
                            try {
                                port = port(w.get(i + 1));
                            } catch (UfwException e) {   // recorded: ERROR: Bad port '99999' (18-bad-dst-port)
                                if (!e.getMessage().equals("ERROR: Bad port")) throw e;
                                throw new UfwException("ERROR: Bad port '" + w.get(i + 1) + "'");
                            }
                            if (k.equals("from")) sport = port[0]; else dport = port[0];
                            if (!port[1].equals("any")) proto = port[1];
                            i += 2;
                        }
                    }
                    case "proto" -> {
                        if (v == null) throw new UfwException("ERROR: Invalid 'proto' clause");
                        proto = checkProto(v);
                        i += 2;
                    }
                    default -> throw new UfwException("ERROR: Invalid token '" + k + "'");
                }
            }
        }
        boolean only4 = (src != null && src.contains(".")) || (dst != null && dst.contains("."));
        boolean only6 = (src != null && src.contains(":")) || (dst != null && dst.contains(":"));
        if (only4 && only6) throw new UfwException("ERROR: Invalid address");
        UfwRule r = new UfwRule(action, route, proto, dport, dst == null ? "0.0.0.0/0" : dst, sport,
                src == null ? "0.0.0.0/0" : src, direction, inIf, outIf, false);
        return new Parsed(only6 ? null : r.withV6(false), only4 ? null : r.withV6(true));
    }

    private static String checkProto(String p) throws UfwException {
        return switch (p) {
            case "tcp", "udp" -> p;
            case "any" -> "any";
            default -> throw new UfwException("ERROR: Unsupported protocol '" + p + "'");
        };
    }

    /** A port or service as ufw reads it: {port, protocol the name implies or "any"}. */
    private static String[] port(String text) throws UfwException {
        if (PORT.matcher(text).matches()) {
            long n = text.length() > 6 ? Long.MAX_VALUE : Long.parseLong(text);
            if (n < 1 || n > 65535) throw new UfwException("ERROR: Bad port");
            return new String[] {String.valueOf(n), "any"};
        }
        String[] s = SERVICES.get(text);
        if (s != null) return s.clone();
        throw new UfwException("port or service `" + text + "' is not modelled (numbers 1-65535 and "
                + String.join(", ", SERVICES.keySet().stream().sorted().toList()) + ")");
    }

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?");

    private static String address(String a, boolean source) throws UfwException {
        if (a.equals("any")) return null;
        if (IPV4.matcher(a).matches()) return a.endsWith("/32") ? a.substring(0, a.length() - 3) : a;
        if (a.contains(":")) throw new UfwException("IPv6 addresses in ufw rules are not modelled");
        // recorded: 19-bad-src-address, 20-bad-dst-address
        throw new UfwException(source ? "ERROR: Bad source address" : "ERROR: Bad destination address");
    }

    private String add(Parsed p) throws UfwException {
        List<String> out = new ArrayList<>();
        if (p.v4() != null) {
            String said = addOne(rules, p.v4(), "");
            if (ipt != null && enabled && said.equals("Rule added")) apply(() -> firewall.added(ipt, p.v4()));
            if (ipt != null && enabled && said.equals("Rule updated")) apply(this::restart);
            out.add(said);
        }
        if (p.v6() != null) out.add(addOne(rules6, p.v6(), " (v6)"));
        written = true;
        return String.join("\n", out);
    }

    private static String addOne(List<UfwRule> list, UfwRule r, String suffix) {
        for (int i = 0; i < list.size(); i++) {
            UfwRule o = list.get(i);
            if (o.sameAs(r)) return "Skipping adding existing rule" + suffix;
            if (sameMatch(o, r)) {      // ufw replaces a rule whose only difference is the action
                list.set(i, r);
                return "Rule updated" + suffix;
            }
        }
        list.add(r);
        return "Rule added" + suffix;
    }

    private static boolean sameMatch(UfwRule a, UfwRule b) {
        return a.route() == b.route() && a.protocol().equals(b.protocol()) && a.dport().equals(b.dport())
                && a.dst().equals(b.dst()) && a.sport().equals(b.sport()) && a.src().equals(b.src())
                && a.direction().equals(b.direction()) && a.inIface().equals(b.inIface())
                && a.outIface().equals(b.outIface());
    }

    private String delete(List<String> rest) throws UfwException {
        if (rest.isEmpty()) throw new UfwException("ERROR: Invalid syntax");
        boolean route = rest.get(0).equals("route");
        List<String> w = route ? rest.subList(1, rest.size()) : rest;
        if (w.isEmpty()) throw new UfwException("ERROR: Invalid syntax");
        if (PORT.matcher(w.get(0)).matches() && w.size() == 1 && !route) {
            throw new UfwException("`ufw delete NUM' is not modelled (delete RULE)");
        }
        Parsed p = parseRule(w.get(0), w.subList(1, w.size()), route);
        List<String> out = new ArrayList<>();
        if (p.v4() != null) {
            String said = deleteOne(rules, p.v4(), "");
            if (ipt != null && enabled && said.equals("Rule deleted")) apply(() -> firewall.deleted(ipt, p.v4()));
            out.add(said);
        }
        if (p.v6() != null) out.add(deleteOne(rules6, p.v6(), " (v6)"));
        written = true;
        return String.join("\n", out);
    }

    private static String deleteOne(List<UfwRule> list, UfwRule r, String suffix) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).sameAs(r)) {
                list.remove(i);
                return "Rule deleted" + suffix;
            }
        }
        return "Could not delete non-existent rule" + suffix;
    }

    // ------------------------------------------------------------------ the host's rules
    private interface Step {
        void run() throws IptablesException;
    }

    /** ufw-init stop, then start (ufw reload; a default policy changed while active). */
    private void restart() throws IptablesException {
        firewall.stop(ipt);
        firewall.start(ipt, this);
    }

    private static void apply(Step step) throws UfwException {
        try {
            step.run();
        } catch (IptablesException e) {
            // real ufw-init loads its own files without error; here only the model can lack something
            // (an extension it does not have yet): say so, with iptables' words
            throw new UfwException("ufw-init (the model): " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ status
    /**
     * {@code ufw status [verbose]} (recorded as ufw-status.txt for every case, verbose): the header,
     * then a table of the rules, those of INPUT first, then OUTPUT, then routed ones, each group's
     * IPv4 rules before its IPv6 ones and followed by a blank line.
     */
    private String status(boolean verbose) {
        if (!enabled) return "Status: inactive";
        StringBuilder b = new StringBuilder("Status: active");
        if (verbose) {
            b.append("\nLogging: on (low)\nDefault: ").append(word(defaultPolicy("INPUT"))).append(" (incoming), ")
                    .append(word(defaultPolicy("OUTPUT"))).append(" (outgoing), ")
                    .append(word(defaultPolicy("FORWARD"))).append(" (routed)\nNew profiles: skip");
        }
        if (rules.isEmpty() && rules6.isEmpty()) return b.toString();
        b.append("\n\nTo                         Action      From\n--                         ------      ----\n");
        for (String group : List.of("in", "out", "route")) {
            StringBuilder g = new StringBuilder();
            for (UfwRule r : concat(rules, rules6)) {
                String dir = r.route() ? "route" : r.direction();
                if (!dir.equals(group)) continue;
                String action = r.action().toUpperCase(java.util.Locale.ROOT) + " "
                        + (r.route() ? "FWD" : r.direction().equals("out") ? "OUT" : "IN");
                String to = where(r.dst(), r.dport(), r.protocol(), r.v6(),
                        r.route() || r.direction().equals("out") ? r.outIface() : r.inIface());
                String from = where(r.src(), r.sport(), r.protocol(), r.v6(), r.route() ? r.inIface() : "");
                g.append(String.format("%-26s %-12s%-26s%n", to, action, from).replace(System.lineSeparator(), "\n"));
            }
            if (g.length() > 0) b.append(g).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    private static List<UfwRule> concat(List<UfwRule> a, List<UfwRule> b) {
        List<UfwRule> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String word(String policy) {
        return switch (policy) { case "ACCEPT" -> "allow"; case "REJECT" -> "reject"; default -> "deny"; };
    }

    /** One side of a status row: 8080/tcp, 172.17.0.2 80/tcp, Anywhere; then (v6), then on IF. */
    private static String where(String addr, String port, String proto, boolean v6, String iface) {
        String p = port.equals("any") ? "" : port + (proto.equals("any") ? "" : "/" + proto);
        String a = UfwRule.isAny(addr) ? "" : addr;
        String w = a.isEmpty() && p.isEmpty() ? "Anywhere" : a.isEmpty() ? p : p.isEmpty() ? a : a + " " + p;
        if (v6) w += " (v6)";
        if (!iface.isEmpty()) w += " on " + iface;
        return w;
    }

    // ------------------------------------------------------------------ files
    /** /etc/ufw/user.rules as ufw left it. */
    public String userRules() {
        return written ? userFile(rules, "ufw", policies()) : pristineUser;
    }

    /** /etc/ufw/user6.rules as ufw left it. */
    public String user6Rules() {
        return written ? userFile(rules6, "ufw6", policies()) : pristineUser6;
    }

    private List<String> policies() {
        return List.of(defaultPolicy("INPUT"), defaultPolicy("OUTPUT"), defaultPolicy("FORWARD"));
    }

    /**
     * user.rules in ufw's layout. At LOGLEVEL low the after-logging chain of a direction logs what
     * its default policy blocks: no line where the policy is ACCEPT (recorded: output always,
     * forward after {@code default allow routed}).
     */
    private static String userFile(List<UfwRule> list, String p, List<String> policies) {
        StringBuilder b = new StringBuilder("*filter\n");
        for (String c : List.of("user-input", "user-output", "user-forward", "before-logging-input",
                "before-logging-output", "before-logging-forward", "user-logging-input", "user-logging-output",
                "user-logging-forward", "after-logging-input", "after-logging-output", "after-logging-forward",
                "logging-deny", "logging-allow", "user-limit", "user-limit-accept")) {
            b.append(':').append(p).append('-').append(c).append(" - [0:0]\n");
        }
        b.append("### RULES ###\n");
        for (UfwRule r : list) {
            b.append("\n### tuple ### ").append(r.tuple()).append('\n');
            for (String l : r.iptablesLines()) b.append(l).append('\n');
        }
        String lim = " -m limit --limit 3/min --limit-burst 10";
        b.append("\n### END RULES ###\n\n### LOGGING ###\n");
        List<String> dirs = List.of("input", "output", "forward");
        for (int i = 0; i < dirs.size(); i++) {
            if (policies.get(i).equals("ACCEPT")) continue;
            b.append("-A ").append(p).append("-after-logging-").append(dirs.get(i))
                    .append(" -j LOG --log-prefix \"[UFW BLOCK] \"").append(lim).append('\n');
        }
        b.append("-I ").append(p).append("-logging-deny -m conntrack --ctstate INVALID -j RETURN").append(lim).append('\n')
                .append("-A ").append(p).append("-logging-deny -j LOG --log-prefix \"[UFW BLOCK] \"").append(lim).append('\n')
                .append("-A ").append(p).append("-logging-allow -j LOG --log-prefix \"[UFW ALLOW] \"").append(lim).append('\n')
                .append("### END LOGGING ###\n\n### RATE LIMITING ###\n")
                .append("-A ").append(p).append("-user-limit -m limit --limit 3/minute -j LOG --log-prefix \"[UFW LIMIT BLOCK] \"\n")
                .append("-A ").append(p).append("-user-limit -j REJECT\n")
                .append("-A ").append(p).append("-user-limit-accept -j ACCEPT\n")
                .append("### END RATE LIMITING ###\nCOMMIT\n");
        return b.toString();
    }
}
