package dev.nflab.docker;

import dev.nflab.iptables.Ipset;
import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesException;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.ufw.Ufw;
import dev.nflab.ufw.UfwException;
import dev.nflab.iptables.Tokenizer;
import dev.nflab.packet.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .docker} script (formats.md section 1): the dockerd command line, then docker commands
 * as a user types them (and, as in the lab's scenarios, {@code iptables} commands on the host).
 * The first command Docker would refuse stops the script with Docker's message and the line.
 */
public final class DockerScript {
    private DockerScript() {}

    /** A line that failed: where, and Docker's (or iptables') words. */
    public static final class ScriptException extends Exception {
        private final int line;
        private final String reason;
        private final transient DockerHost docker;

        ScriptException(String file, int line, String message) {
            this(file, line, message, null);
        }

        ScriptException(String file, int line, String message, DockerHost docker) {
            super(file + ":" + line + ": " + message);
            this.line = line;
            this.reason = message;
            this.docker = docker;
        }

        public int line() {
            return line;
        }

        /** What the failing command printed first on stderr (Docker's words), without file and line. */
        public String reason() {
            return reason;
        }

        /** The host as the script left it: every line before the failing one ran; or null (line 1). */
        public DockerHost docker() {
            return docker;
        }
    }

    /** Runs the script on a host of the given layout. */
    public static DockerHost run(String text, String fileName, HostLayout layout) throws ScriptException {
        DockerHost docker = null;
        Ufw ufw = null;               // ufw lines (formats.md section 1): before dockerd, on the host's own rules
        Ruleset before = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int lineNo = n + 1;
            try {
                List<String> words = Tokenizer.split(line);
                if (!words.isEmpty() && words.get(0).equals("ufw")) {
                    if (ufw == null) {
                        if (docker == null) before = new Ruleset(layout.dialect());
                        ufw = Ufw.pristine().attach(docker == null ? new Iptables(before) : docker.iptables());
                    }
                    ufw.execute(words.subList(1, words.size()));
                    continue;
                }
                if (docker == null) {
                    if (words.isEmpty() || !words.get(0).equals("dockerd")) {
                        throw new DockerException("the first command must be `dockerd [flags]' (the daemon), after any "
                                + "ufw lines, not `" + line + "'");
                    }
                    docker = DockerHost.start(layout, DaemonOptions.parse(words.subList(1, words.size())),
                            DockerChoices.placeholders(), before);
                    if (ufw != null) ufw.attach(docker.iptables());
                    continue;
                }
                execute(docker, words);
            } catch (UfwException e) {
                throw new ScriptException(fileName, lineNo, e.getMessage().lines().findFirst().orElse(""), docker);
            } catch (DockerException e) {
                throw new ScriptException(fileName, lineNo, cliMessage(line, e.getMessage()), docker);
            } catch (IptablesException e) {
                String tool = line.startsWith("ipset") ? "" : "iptables: ";
                throw new ScriptException(fileName, lineNo, tool + e.getMessage(), docker);
            }
        }
        if (docker == null) throw new ScriptException(fileName, 1, "empty script: the first command must be `dockerd'");
        return docker;
    }

    /**
     * The first line the docker CLI prints on stderr for an error: {@code docker run} reports it as
     * {@code docker: MESSAGE.} (the CLI's reportError adds the prefix and one final period); the
     * other commands print the error as it is.
     */
    static String cliMessage(String line, String message) {
        List<String> words;
        try {
            words = Tokenizer.split(line);
        } catch (IptablesException e) {
            return message;
        }
        if (words.size() >= 2 && words.get(0).equals("docker") && words.get(1).equals("run")) {
            String m = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
            return "docker: " + m + ".";
        }
        return message;
    }

    /** Runs one docker (or iptables) command line, split into words. */
    public static void execute(DockerHost docker, List<String> words) throws DockerException, IptablesException {
        if (words.isEmpty()) return;
        String tool = words.get(0);
        if (tool.equals("iptables")) {
            docker.iptables().execute(String.join(" ", words.subList(1, words.size()).stream()
                    .map(DockerScript::quote).toList()));
            return;
        }
        if (tool.equals("ipset")) {
            // ipset's sets belong to the host's namespace, beside its rules (the set match finds them there)
            Iptables.Result r = new Ipset(docker.ruleset()).run(words.subList(1, words.size()));
            if (r.status() != 0) throw new IptablesException(r.stderr().lines().findFirst().orElse("ipset failed"), r.status());
            return;
        }
        if (tool.equals("dockerd")) throw new DockerException("dockerd is already running (only line 1 starts it)");
        if (!tool.equals("docker")) {
            throw new DockerException("unknown command `" + tool + "' (a .docker script holds dockerd, docker, iptables and ipset lines)");
        }
        if (words.size() < 2) throw new DockerException("docker: a command is needed (run, stop, start, rm, network)");
        List<String> args = words.subList(2, words.size());
        switch (words.get(1)) {
            case "run" -> run(docker, args);
            case "stop" -> each(args, "stop", docker::stop);
            case "start" -> each(args, "start", docker::start);
            case "rm" -> {
                boolean force = false;
                List<String> names = new ArrayList<>();
                for (String a : args) {
                    if (a.equals("-f") || a.equals("--force")) force = true;
                    else if (a.startsWith("-")) throw new DockerException("unknown flag: " + a);
                    else names.add(a);
                }
                if (names.isEmpty()) throw new DockerException("\"docker rm\" requires at least 1 argument.");
                for (String name : names) docker.remove(name, force);
            }
            case "network" -> network(docker, args);
            default -> throw new DockerException("docker: '" + words.get(1) + "' is not a docker command nflab models "
                    + "(run, stop, start, rm, network)");
        }
    }

    private interface NameAction {
        void apply(String name) throws DockerException;
    }

    private static void each(List<String> args, String cmd, NameAction action) throws DockerException {
        if (args.isEmpty()) throw new DockerException("\"docker " + cmd + "\" requires at least 1 argument.");
        for (String a : args) {
            if (a.startsWith("-")) throw new DockerException("unknown flag: " + a);
            action.apply(a);
        }
    }

    private static String quote(String w) {
        return w.isEmpty() || w.chars().anyMatch(Character::isWhitespace) ? "\"" + w + "\"" : w;
    }

    private static void run(DockerHost docker, List<String> args) throws DockerException {
        String name = null, network = null, image = null;
        boolean rm = false;
        int ip = 0;
        List<String> publish = new ArrayList<>();
        for (int i = 0; i < args.size() && image == null; i++) {
            String a = args.get(i);
            String value = null;
            int eq = a.indexOf('=');
            String flag = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (a.startsWith("--") && eq > 0) value = a.substring(eq + 1);
            switch (flag) {
                case "--rm" -> rm = true;
                case "-d", "--detach", "-i", "-t", "-it", "-ti", "--interactive", "--tty", "-dit" -> { }
                case "--name", "--network", "--net", "-p", "--publish", "--ip" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) throw new DockerException("flag needs an argument: " + flag);
                        value = args.get(++i);
                    }
                    switch (flag) {
                        case "--name" -> name = value;
                        case "--network", "--net" -> network = value;
                        case "-p", "--publish" -> publish.add(value);
                        default -> {
                            if (!Ipv4.isValid(value)) throw new DockerException("invalid argument \"" + value
                                    + "\" for \"--ip\" flag: invalid IPv4 address");
                            ip = Ipv4.parse(value);
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new DockerException("unknown flag: " + a + " (nflab models -d, --rm, --name, --network, -p, --ip)");
                    }
                    image = a;
                }
            }
        }
        if (image == null) throw new DockerException("\"docker run\" requires at least 1 argument.");
        for (String spec : publish) PortBinding.parse(spec); // a malformed -p fails before anything runs
        RunOptions o = new RunOptions(name, network, ip, publish, image);
        Container c = docker.run(o);
        if (rm) docker.autoRemove(c.name());
    }

    private static void network(DockerHost docker, List<String> args) throws DockerException {
        if (args.isEmpty()) throw new DockerException("\"docker network\" requires a command (create, rm, connect, disconnect)");
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "create" -> create(docker, rest);
            case "rm", "remove" -> each(rest, "network rm", docker::removeNetwork);
            case "connect", "disconnect" -> {
                List<String> pos = new ArrayList<>();
                for (String a : rest) {
                    if (a.startsWith("-")) throw new DockerException("unknown flag: " + a);
                    pos.add(a);
                }
                if (pos.size() != 2) {
                    throw new DockerException("\"docker network " + args.get(0) + "\" requires exactly 2 arguments.");
                }
                if (args.get(0).equals("connect")) docker.connect(pos.get(0), pos.get(1));
                else docker.disconnect(pos.get(0), pos.get(1));
            }
            default -> throw new DockerException("docker network: unknown command " + args.get(0));
        }
    }

    private static void create(DockerHost docker, List<String> args) throws DockerException {
        String name = null, subnet = null, gateway = null, bridgeName = null;
        boolean internal = false;
        Boolean icc = null, masq = null;
        int bind = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            int eq = a.indexOf('=');
            String flag = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (a.startsWith("--") && eq > 0) value = a.substring(eq + 1);
            switch (flag) {
                case "--internal" -> internal = true;
                case "--subnet", "--gateway", "-o", "--opt", "-d", "--driver" -> {
                    if (value == null) {
                        if (i + 1 >= args.size()) throw new DockerException("flag needs an argument: " + flag);
                        value = args.get(++i);
                    }
                    switch (flag) {
                        case "--subnet" -> {
                            try {
                                if (value.indexOf('/') < 0) throw new IllegalArgumentException();
                                dev.nflab.packet.Cidr.parse(value);
                            } catch (IllegalArgumentException e) {
                                throw new DockerException("Error response from daemon: invalid CIDR address: " + value);
                            }
                            subnet = value;
                        }
                        case "--gateway" -> {
                            if (!Ipv4.isValid(value)) throw new DockerException("invalid argument \"" + value
                                    + "\" for \"--gateway\" flag: invalid IP address");
                            gateway = value;
                        }
                        case "-d", "--driver" -> {
                            if (!value.equals("bridge")) {
                                throw new DockerException("--driver " + value + " is not modelled by nflab (bridge only)");
                            }
                        }
                        default -> {
                            int e2 = value.indexOf('=');
                            if (e2 < 0) throw new DockerException("invalid key/value pair format in driver options");
                            String k = value.substring(0, e2), v = value.substring(e2 + 1);
                            switch (k) {
                                case "com.docker.network.bridge.name" -> bridgeName = v;
                                case "com.docker.network.bridge.enable_icc" -> icc = bool(k, v);
                                case "com.docker.network.bridge.enable_ip_masquerade" -> masq = bool(k, v);
                                case "com.docker.network.bridge.host_binding_ipv4" -> {
                                    if (!Ipv4.isValid(v)) throw new DockerException("Error response from daemon: "
                                            + "failed to parse host_binding_ipv4 value: " + v);
                                    bind = Ipv4.parse(v);
                                }
                                default -> throw new DockerException("option " + k + " is not modelled by nflab");
                            }
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) throw new DockerException("unknown flag: " + a);
                    if (name != null) throw new DockerException("\"docker network create\" requires exactly 1 argument.");
                    name = a;
                }
            }
        }
        if (name == null) throw new DockerException("\"docker network create\" requires exactly 1 argument.");
        docker.createNetwork(new NetworkOptions(name, subnet, gateway, internal, bridgeName, icc, masq, bind));
    }

    private static boolean bool(String key, String v) throws DockerException {
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new DockerException("Error response from daemon: failed to parse " + key + " value: "
                    + "strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
        };
    }
}
