package dev.nflab.cli;

import dev.nflab.docker.Container;
import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.extensions.Extensions;
import dev.nflab.iptables.Iptables;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.kernel.Kernel;
import dev.nflab.kernel.PacketResult;
import dev.nflab.kernel.PathExplainer;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./nflab send [--docker FILE | --rules FILE] (--in DEV | --local | --from-container NAME) PACKET...}:
 * pushes packets, written as they read, through a host's rules and prints each one's path rule by
 * rule and its fate, as {@code ./nflab tour} does. The way to check a prediction before grading it.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Sends packets through a host's rules and prints each one's path, rule by rule, and its fate,",
                "as ./nflab tour does. The host is the walkthrough's seed (dockerd, then docker run --name nginx",
                "-p 80:80 -d nginx) unless --docker or --rules says otherwise. Packets follow one another, so a",
                "later one sees the connections (conntrack) of earlier ones.",
                "",
                "Examples:",
                "  ./nflab send --in eth0 \"TCP 172.31.32.1:50000 > 172.31.37.164:80 SYN\"",
                "  ./nflab send --local \"TCP 127.0.0.1:40002 > 127.0.0.1:80 SYN\"",
                "  ./nflab send --from-container nginx \"TCP 172.17.0.2:40000 > 93.184.216.34:443 SYN\"",
                "  ./nflab send --rules before.rules --in eth0 \"TCP 172.31.40.10:41000 > 172.31.37.164:80 SYN\"",
                "  ./nflab send --iptables \"-I DOCKER-USER -i eth0 -j DROP\" --in eth0 \"TCP 172.31.32.1:50000 > 172.31.37.164:80\"",
                "",
                "PACKET: PROTO SRC[:PORT] > DST[:PORT] [FLAGS] [len N], e.g. \"UDP 172.17.0.2:5353 > 8.8.8.8:53\",",
                "\"ICMP 172.31.32.1 > 172.31.37.164 echo-request\"; TCP flags SYN (the default), ACK, SYN,ACK,",
                "FIN,ACK, RST...; brackets as the tour prints them ([SYN] len 60) are accepted."})
final class SendCommand implements Callable<Integer> {
    private static final Pattern PACKET = Pattern.compile(
            "(?i)\\s*(TCP|UDP|ICMP)\\s+([0-9.]+)(?::(\\d+))?\\s*>\\s*([0-9.]+)(?::(\\d+))?\\s*(.*)");

    @Parameters(paramLabel = "PACKET", arity = "1..*", description = "the packets, in the order they are sent")
    List<String> packets;

    @Option(names = "--in", paramLabel = "DEV", description = "the packets arrive on this interface (eth0, docker0, a veth)")
    String in;

    @Option(names = "--local", description = "a local process of the host sends the packets")
    boolean local;

    @Option(names = "--from-container", paramLabel = "NAME", description = "a container sends them (in by its veth)")
    String container;

    @Option(names = "--docker", paramLabel = "FILE.docker", description = "the host a .docker script builds")
    Path dockerScript;

    @Option(names = "--rules", paramLabel = "FILE", description = "these iptables-save rules on the seed's host")
    Path rules;

    @Option(names = "--ipset", paramLabel = "FILE",
            description = "with --rules: the sets its -m set rules name, as `ipset save' writes them")
    Path ipset;

    @Option(names = "--iptables", paramLabel = "ARGS",
            description = "change the rules first, as this iptables command would (repeatable, in order), e.g."
                    + " --iptables \"-I DOCKER-USER -p tcp --dport 80 -j DROP\"")
    List<String> commands;

    @Option(names = "--host", defaultValue = "seed-vm", paramLabel = "LAYOUT",
            description = "seed-vm (default, as the walkthrough and the tour), lab-nft or lab-legacy")
    String layout;

    @Override public Integer call() throws Exception {
        PrintStream out = System.out;
        int where = (in != null ? 1 : 0) + (local ? 1 : 0) + (container != null ? 1 : 0);
        if (where != 1) {
            throw new UserError("say where the packets come from: one of --in DEV, --local or --from-container NAME");
        }
        if (dockerScript != null && rules != null) throw new UserError("--docker or --rules, not both");
        if (ipset != null && rules == null) throw new UserError("--ipset goes with --rules (a .docker script makes its sets with ipset lines)");
        HostLayout l = HostLayout.byName(layout);
        if (l == null) throw new UserError("--host: unknown layout `" + layout + "' (seed-vm, lab-nft, lab-legacy)");
        DockerHost docker;
        if (dockerScript != null) {
            if (!Files.isRegularFile(dockerScript)) throw new UserError(dockerScript + ": no such file");
            try {
                docker = DockerScript.run(Files.readString(dockerScript), dockerScript.toString(), l);
            } catch (DockerScript.ScriptException e) {
                throw new UserError(e.getMessage(), 1);
            }
        } else {
            docker = DockerHost.start(l, DaemonOptions.DEFAULTS);
            docker.run(RunOptions.named("nginx").publish("80:80"));
        }
        Ruleset ruleset = docker.ruleset();
        if (rules != null) {
            if (!Files.isRegularFile(rules)) throw new UserError(rules + ": no such file");
            String text = Files.readString(rules);
            Dialect d = IptablesSave.detectDialect(text, l.dialect());
            ruleset = IptablesSave.read(text, rules.toString(), d, Extensions.standard(), IptablesCommand.ipsets(ipset, d));
        }
        if (commands != null) {
            Iptables ipt = new Iptables(ruleset);
            for (String c : commands) {
                String cmd = c.strip();
                if (cmd.startsWith("iptables ")) cmd = cmd.substring(9);
                Iptables.Result r = ipt.run(cmd);
                if (r.status() != 0) throw new UserError("--iptables \"" + c + "\": " + r.stderr().strip(), r.status());
            }
        }
        String device = in;
        if (container != null) {
            Container c = docker.container(container);
            if (c == null) throw new UserError("no container `" + container + "' (" + String.join(", ",
                    docker.containers().keySet()) + ")");
            device = c.endpoints().get(c.firstNetwork()).veth();
        }
        if (device != null && docker.host().interfaceNamed(device) == null) {
            throw new UserError("no interface `" + device + "' on this host");
        }
        Kernel kernel = new Kernel(docker.host(), ruleset);
        int n = 0;
        for (String text : packets) {
            Packet p = parse(text);
            n++;
            out.println("Packet " + n + (local ? " sent by a local process" : container != null
                    ? " from container " + container + " (in " + device + ")" : " in " + device) + ": " + p);
            PacketResult r = local ? kernel.send(p, true) : kernel.receive(p, device, true);
            for (String line : PathExplainer.explain(r.steps())) out.println("    " + line);
        }
        return 0;
    }

    /** {@code TCP 172.31.32.1:50000 > 172.31.37.164:80 SYN}, with optional {@code len N}. */
    static Packet parse(String text) {
        Matcher m = PACKET.matcher(text.strip());
        if (!m.matches()) {
            throw new UserError("cannot read the packet `" + text + "': write PROTO SRC[:PORT] > DST[:PORT] [FLAGS] [len N],"
                    + " e.g. \"TCP 172.31.32.1:50000 > 172.31.37.164:80 SYN\"");
        }
        String proto = m.group(1).toUpperCase(Locale.ROOT);
        int src;
        int dst;
        try {
            src = Ipv4.parse(m.group(2));
            dst = Ipv4.parse(m.group(4));
        } catch (RuntimeException e) {
            throw new UserError("`" + text + "': " + e.getMessage());
        }
        String rest = m.group(6).replace("[", " ").replace("]", " ").trim();
        Integer length = null;
        Matcher len = Pattern.compile("(?i)\\blen\\s+(\\d+)").matcher(rest);
        if (len.find()) {
            length = Integer.parseInt(len.group(1));
            rest = (rest.substring(0, len.start()) + rest.substring(len.end())).trim();
        }
        boolean ports = !proto.equals("ICMP");
        if (ports && (m.group(3) == null || m.group(5) == null)) {
            throw new UserError("`" + text + "': " + proto + " needs ports (SRC:PORT > DST:PORT)");
        }
        switch (proto) {
            case "TCP": {
                int flags;
                try {
                    flags = rest.isEmpty() ? TcpFlags.SYN : TcpFlags.parseList(rest.replaceAll("\\s+", ","));
                } catch (IllegalArgumentException e) {
                    throw new UserError("`" + text + "': " + e.getMessage());
                }
                int l = length != null ? length : (flags & TcpFlags.SYN) != 0 ? 60 : 52;
                return Packet.tcp(src, Integer.parseInt(m.group(3)), dst, Integer.parseInt(m.group(5)), flags, l);
            }
            case "UDP":
                if (!rest.isEmpty()) throw new UserError("`" + text + "': unexpected `" + rest + "' after a UDP packet");
                return Packet.udp(src, Integer.parseInt(m.group(3)), dst, Integer.parseInt(m.group(5)),
                        length != null ? length : 60);
            default: {
                int type = 8;
                int code = 0;
                Matcher tc = Pattern.compile("(?i)type\\s+(\\d+)(?:\\s+code\\s+(\\d+))?").matcher(rest);
                if (tc.find()) {
                    type = Integer.parseInt(tc.group(1));
                    code = tc.group(2) == null ? 0 : Integer.parseInt(tc.group(2));
                } else if (rest.equalsIgnoreCase("echo-reply")) {
                    type = 0;
                } else if (!rest.isEmpty() && !rest.equalsIgnoreCase("echo-request") && !rest.equalsIgnoreCase("ping")) {
                    throw new UserError("`" + text + "': ICMP takes echo-request, echo-reply or type T code C");
                }
                return Packet.icmp(src, dst, type, code, 1, length != null ? length : 84);
            }
        }
    }
}
