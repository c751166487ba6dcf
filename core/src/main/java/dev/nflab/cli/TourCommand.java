package dev.nflab.cli;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.SeedHost;
import dev.nflab.docker.RunOptions;
import dev.nflab.iptables.Iptables;
import dev.nflab.kernel.PathExplainer;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Rule;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import dev.nflab.packet.Ipv4;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.Simulator;
import dev.nflab.traffic.Transmission;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./nflab tour}: the walkthrough's scenes, each listing from the model, then the experiment
 * the walkthrough left open: clients connect and the counters move. Offline, no root.
 */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = {"Walks through the seed's scenes with the model: a fresh VM, Docker installed, nginx",
                "started, a client's request packet by packet, and every kind of client."})
final class TourCommand implements Callable<Integer> {
    private static final int HOST = Ipv4.parse("172.31.37.164");
    /** nflab-net's request to the host: "GET / HTTP/1.0\r\nHost: 172.31.37.164\r\n\r\n". */
    private static final int REQUEST = "GET / HTTP/1.0\r\nHost: 172.31.37.164\r\n\r\n".length();

    @Option(names = "--scene", paramLabel = "N", description = "show only scene N (1 to 5)")
    Integer only;

    @Option(names = "--host", defaultValue = "seed-vm", paramLabel = "LAYOUT",
            description = "seed-vm (Ubuntu 20.04, iptables-legacy, as the walkthrough), lab-nft or lab-legacy")
    String layout;

    private PrintStream out;
    private boolean color;

    @Override public Integer call() throws Exception {
        out = System.out;
        color = System.console() != null && System.getenv("NO_COLOR") == null;
        HostLayout l = HostLayout.byName(layout);
        if (l == null) throw new UserError("--host: unknown layout `" + layout + "' (seed-vm, lab-nft, lab-legacy)");
        if (only != null && (only < 1 || only > 5)) throw new UserError("--scene: there are scenes 1 to 5");

        out.println(bold("nflab tour") + ": \"Understanding Docker network through iptables\", predicted by the model.");
        out.println("Host: " + l.name() + " (iptables " + l.dialect().version() + " " + l.dialect().backend().label()
                + ", kernel " + l.flavour().name() + "). No root, no network: every listing below is computed.");

        if (show(1)) {
            scene(1, "A fresh VM: no chains, no rules");
            Ruleset fresh = new Ruleset(l.dialect());
            Iptables ipt = new Iptables(fresh);
            command(ipt, "-L -n -v --line-numbers -t nat");
            command(ipt, "-L -n -v --line-numbers -t filter");
            note("The walkthrough's VM had been up a while: its policy counters are not zero. These are.");
        }

        DockerHost docker = DockerHost.start(l, DaemonOptions.DEFAULTS);
        if (show(2)) {
            scene(2, "Docker 20.10 installed (dockerd started)");
            out.println("What dockerd ran, in order (" + docker.iptablesLog().size() + " iptables commands):");
            for (String c : docker.iptablesLog()) out.println("  " + c);
            out.println();
            command(docker.iptables(), "-L -n -v --line-numbers -t nat");
            command(docker.iptables(), "-L -n -v --line-numbers -t fillter");
            note("The walkthrough typed -t fillter. iptables refuses it (exit status 3). With -t filter:");
            command(docker.iptables(), "-L -n -v --line-numbers -t filter");
        }

        Map<String, long[]> before = counters(docker.ruleset());
        List<String> beforeRules = ruleTexts(docker.ruleset());
        docker.run(RunOptions.named("nginx").publish("80:80"));
        if (show(3)) {
            scene(3, "docker run --name nginx -p 80:80 -d nginx");
            out.println("Rules Docker added for the published port:");
            for (String r : ruleTexts(docker.ruleset())) {
                if (!beforeRules.contains(r)) out.println("  + " + r);
            }
            out.println();
            // The walkthrough lists only the chains that changed, and in them only the new rules.
            // On its VM the counters had moved (traffic it never describes): on seed-vm they are its.
            Ruleset listed = l == HostLayout.SEED_VM ? SeedHost.nginxStarted().ruleset() : docker.ruleset();
            out.println("The walkthrough's listings of what changed:");
            out.println();
            for (String table : List.of("nat", "filter")) {
                out.println("$ iptables -L -n -v --line-numbers -t " + table);
                out.println();
                out.print(changedChains(new Iptables(listed).run("-L -n -v --line-numbers -t " + table).stdout(),
                        table, beforeRules, ruleTexts(listed)));
            }
            if (l == HostLayout.SEED_VM) {
                note("The counters are the walkthrough's: its VM had served requests the note does not show."
                        + " Scene 4 starts from zero.");
            }
            out.println("docker-proxy listens on " + docker.listeners().size() + " sockets (0.0.0.0:80 and [::]:80);"
                    + " nginx is 172.17.0.2 on docker0.");
        }

        Simulator sim = new Simulator(docker);
        before = counters(docker.ruleset());
        sim.http(Endpoint.PEER, HOST, 80, REQUEST);
        if (show(4)) {
            scene(4, "A client on the LAN fetches http://172.31.37.164/");
            int n = 0;
            for (Transmission t : sim.log()) {
                n++;
                out.println(bold("Packet " + n) + " from " + t.sender() + ": " + t.packet()
                        + (t.optional() ? "  (a delayed ACK may merge it away)" : ""));
                if (n <= 3) {
                    for (String line : PathExplainer.explain(t.result().steps())) out.println("    " + line);
                } else {
                    out.println("    => " + t.result().fate().name().toLowerCase() + " "
                            + (t.receiver() == null ? "" : "to " + t.receiver()));
                }
            }
            out.println();
            out.println("Counters that moved (packets/bytes):");
            printDeltas(before, counters(docker.ruleset()));
            note("nat counts connections: only the SYN went through nat. filter counts every packet.");
        }

        if (show(5)) {
            scene(5, "Every kind of client, one request each");
            String[][] clients = {
                    {"peer on the LAN -> 172.31.37.164:80", "peer"},
                    {"the host -> its own address 172.31.37.164:80", "host-own"},
                    {"the host -> 127.0.0.1:80 (docker-proxy)", "host-lo"},
                    {"a container -> the host's published port (hairpin)", "hairpin"},
                    {"a container -> the LAN host (MASQUERADE)", "out"}};
            DockerHost d2 = DockerHost.start(l, DaemonOptions.DEFAULTS);
            d2.run(RunOptions.named("nginx").publish("80:80"));
            d2.run(RunOptions.named("client"));
            for (String[] c : clients) {
                Simulator s = new Simulator(d2);
                s.listen(Endpoint.LAN, "tcp", 7000);
                Map<String, long[]> b = counters(d2.ruleset());
                Simulator.Outcome o = switch (c[1]) {
                    case "peer" -> s.http(Endpoint.PEER, HOST, 80, REQUEST);
                    case "host-own" -> s.http(Endpoint.HOST, HOST, 80, REQUEST);
                    case "host-lo" -> s.http(Endpoint.HOST, Ipv4.parse("127.0.0.1"), 80, REQUEST);
                    case "hairpin" -> s.http(Endpoint.container("client"), HOST, 80, REQUEST);
                    default -> s.http(Endpoint.container("client"), Endpoint.LAN.address(), 7000, REQUEST);
                };
                out.println(bold(c[0]) + ": " + s.log().size() + " packets, " + o.how());
                printDeltas(b, counters(d2.ruleset()));
                out.println();
            }
            note("Try ./nflab docker-rules, ./nflab replay and the notebooks to go further.");
        }
        return 0;
    }

    private boolean show(int scene) {
        return only == null || only == scene;
    }

    private void scene(int n, String title) {
        out.println();
        out.println(bold("== Scene " + n + " · " + title + " =="));
    }

    private void note(String text) {
        out.println("  (" + text + ")");
        out.println();
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private void command(Iptables ipt, String args) {
        out.println("$ iptables " + args);
        Iptables.Result r = ipt.run(args);
        out.print(r.stdout());
        out.print(r.stderr());
        out.println();
    }

    /**
     * A {@code -L --line-numbers} listing cut down as the walkthrough shows it after docker run: the
     * chains with a new rule, each with its header lines and only its new rules ({@code added}: the
     * rules of {@code now} that are not in {@code before}, as {@link #ruleTexts} names them).
     */
    static String changedChains(String listing, String table, List<String> before, List<String> now) {
        StringBuilder b = new StringBuilder();
        for (String block : listing.split("\n\n")) {
            String[] lines = block.split("\n");
            if (lines.length < 2 || !lines[0].startsWith("Chain ")) continue;
            String chain = lines[0].split(" ")[1];
            List<String> rules = new ArrayList<>();
            for (String r : now) {
                if (r.startsWith(table + " -A " + chain + " ")) rules.add(r);
            }
            StringBuilder kept = new StringBuilder();
            for (int i = 2; i < lines.length; i++) {
                int num = Integer.parseInt(lines[i].substring(0, lines[i].indexOf(' ')));
                if (num <= rules.size() && !before.contains(rules.get(num - 1))) kept.append(lines[i]).append('\n');
            }
            if (kept.length() > 0) b.append(lines[0]).append('\n').append(lines[1]).append('\n').append(kept).append('\n');
        }
        return b.toString();
    }

    private static List<String> ruleTexts(Ruleset rs) {
        List<String> list = new ArrayList<>();
        for (Table t : rs.tables()) {
            for (Chain c : t.chains()) {
                for (int i = 0; i < c.size(); i++) list.add(t.name().lowerName() + " -A " + c.name() + " " + c.rule(i));
            }
        }
        return list;
    }

    /** Every rule's and policy's counter, keyed by where it is. */
    private static Map<String, long[]> counters(Ruleset rs) {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (Table t : rs.tables()) {
            for (Chain c : t.chains()) {
                String where = t.name().lowerName() + " " + c.name();
                if (c.isBuiltin()) {
                    m.put(where + " policy " + c.policy(), new long[] {c.policyCounter().packets(), c.policyCounter().bytes()});
                }
                for (int i = 0; i < c.size(); i++) {
                    Rule r = c.rule(i);
                    m.put(where + " rule " + (i + 1) + ": " + r, new long[] {r.counter().packets(), r.counter().bytes()});
                }
            }
        }
        return m;
    }

    private void printDeltas(Map<String, long[]> before, Map<String, long[]> after) {
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long dp = e.getValue()[0] - b[0], db = e.getValue()[1] - b[1];
            if (dp != 0 || db != 0) out.printf("  %+4d %+6d  %s%n", dp, db, e.getKey());
        }
    }
}
