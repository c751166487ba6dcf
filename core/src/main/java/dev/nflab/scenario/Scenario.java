package dev.nflab.scenario;

import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.Tokenizer;
import dev.nflab.packet.Ipv4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .scenario} file (lab/SCENARIOS.md): a Docker host (a {@code .docker} script and host
 * {@code iptables} lines), the line {@code --- traffic}, then traffic actions. The same file runs
 * in the lab and in the VM, and the model reads it to predict the counters they measure.
 */
public final class Scenario {
    private static final Pattern URL = Pattern.compile("http://(\\d+\\.\\d+\\.\\d+\\.\\d+)(?::(\\d+))?(/[A-Za-z0-9._/~-]*)?");
    /** host:UID, a host client run as that user (uid and gid UID, no supplementary groups). */
    private static final Pattern HOST_USER = Pattern.compile("host:(0|[1-9][0-9]{0,9})");
    private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9._:=-]{1,64}");
    /** {@code wait SECONDS}: 0 < SECONDS <= 5, at most 3 decimals (the lab's lib.sh checks the same). */
    private static final Pattern WAIT = Pattern.compile("[0-4](\\.[0-9]{1,3})?|5(\\.0{1,3})?");
    private static final Pattern ZERO = Pattern.compile("0(\\.0*)?");

    private final String name;
    private final String hostScript;
    private final List<Action> actions;

    private Scenario(String name, String hostScript, List<Action> actions) {
        this.name = name;
        this.hostScript = hostScript;
        this.actions = List.copyOf(actions);
    }

    public String name() { return name; }
    /** Part 1 as a .docker script, line numbers kept (blank lines stand for the rest). */
    public String hostScript() { return hostScript; }
    public List<Action> actions() { return actions; }

    public static Scenario read(Path file) throws IptablesException {
        try {
            String n = file.getFileName().toString();
            return parse(Files.readString(file), file.toString(), n.endsWith(".scenario") ? n.substring(0, n.length() - 9) : n);
        } catch (IOException e) {
            throw new IptablesException(file + ": cannot read (" + e.getMessage() + ")", 2);
        }
    }

    /** Parses a scenario; every error names the file and line. */
    public static Scenario parse(String text, String file, String name) throws IptablesException {
        String[] lines = text.split("\n", -1);
        StringBuilder host = new StringBuilder();
        List<Action> actions = new ArrayList<>();
        boolean traffic = false;
        boolean sawDocker = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("\r", "").strip();
            int no = i + 1;
            if (!traffic) {
                if (line.equals("--- traffic")) {
                    traffic = true;
                    host.append('\n');
                    continue;
                }
                if (!line.isEmpty() && !line.startsWith("#")) {
                    if (line.startsWith("docker ") && hasIptables(host)) {
                        throw new IptablesException(file + ":" + no + ": iptables and ipset lines come after the last docker line", 2);
                    }
                    if (line.startsWith("dockerd") || line.startsWith("docker ")) sawDocker = true;
                }
                host.append(line).append('\n');
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) continue;
            actions.add(action(line, file, no));
        }
        if (!sawDocker) throw new IptablesException(file + ":1: a scenario starts with `dockerd [flags]'", 2);
        if (!traffic) throw new IptablesException(file + ":" + lines.length + ": no `--- traffic' line", 2);
        return new Scenario(name, host.toString(), actions);
    }

    private static boolean hasIptables(StringBuilder host) {
        for (String l : host.toString().split("\n")) {
            if (l.startsWith("iptables") || l.startsWith("ipset")) return true;
        }
        return false;
    }

    private static Action action(String line, String file, int no) throws IptablesException {
        List<String> w;
        try {
            w = Tokenizer.split(line);
        } catch (IptablesException e) {
            throw new IptablesException(file + ":" + no + ": " + e.getMessage(), 2);
        }
        String where = file + ":" + no + ": ";
        if (!w.isEmpty() && w.get(0).equals("wait")) {
            // A pause between two actions: the lab sleeps, the model's clock moves.
            if (w.size() != 2 || !WAIT.matcher(w.get(1)).matches() || ZERO.matcher(w.get(1)).matches()) {
                throw new IptablesException(where + "wait takes SECONDS (more than 0, at most 5, up to 3 decimals)", 2);
            }
            return new Action(no, "", "wait", List.of(w.get(1)));
        }
        if (w.size() < 2) throw new IptablesException(where + "expected `FROM VERB ARGS' or `wait SECONDS'", 2);
        String from = w.get(0);
        if (!from.equals("peer") && !from.equals("lan") && !from.equals("host")
                && !(from.startsWith("container:") && from.length() > 10) && !HOST_USER.matcher(from).matches()) {
            throw new IptablesException(where + "unknown sender `" + from + "' (peer, lan, host, host:UID, container:NAME)", 2);
        }
        if (from.startsWith("host:") && Long.parseLong(from.substring(5)) > 4294967294L) {
            throw new IptablesException(where + "bad user id in `" + from + "' (host:UID, UID 0 to 4294967294)", 2);
        }
        String verb = w.get(1);
        List<String> args = w.subList(2, w.size());
        switch (verb) {
            case "http" -> {
                if (args.size() != 1 || !URL.matcher(args.get(0)).matches()) {
                    throw new IptablesException(where + "http takes one URL http://IPv4[:PORT][/PATH]", 2);
                }
                var m = URL.matcher(args.get(0));
                m.matches();
                ip(m.group(1), where);
                if (m.group(2) != null) port(m.group(2), where);
            }
            case "tcp" -> {
                if (args.size() != 2) throw new IptablesException(where + "tcp takes IP PORT", 2);
                ip(args.get(0), where);
                port(args.get(1), where);
            }
            case "udp" -> {
                if (args.size() != 3) throw new IptablesException(where + "udp takes IP PORT TEXT", 2);
                ip(args.get(0), where);
                port(args.get(1), where);
                if (!TEXT.matcher(args.get(2)).matches()) {
                    throw new IptablesException(where + "udp TEXT is 1 to 64 characters of [A-Za-z0-9._:=-]", 2);
                }
            }
            case "ping" -> {
                if (args.size() != 1) throw new IptablesException(where + "ping takes IP", 2);
                ip(args.get(0), where);
            }
            default -> throw new IptablesException(where + "unknown verb `" + verb + "' (http, tcp, udp, ping)", 2);
        }
        return new Action(no, from, verb, List.copyOf(args));
    }

    private static void ip(String s, String where) throws IptablesException {
        if (!Ipv4.isValid(s)) throw new IptablesException(where + "`" + s + "' is not an IPv4 address", 2);
    }

    private static int port(String s, String where) throws IptablesException {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new IptablesException(where + "`" + s + "' is not a port (1 to 65535)", 2);
    }
}
