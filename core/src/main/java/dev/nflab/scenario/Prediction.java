package dev.nflab.scenario;

import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.OpenOrder;
import dev.nflab.iptables.IptablesException;
import dev.nflab.iptables.Tokenizer;
import dev.nflab.packet.Ipv4;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.RecordingProcedure;
import dev.nflab.traffic.Simulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the model predicts a scenario's counters will be, with bounds where real TCP stacks vary.
 * The scenario runs on the model twice: once with every packet a stack may send (each ACK alone,
 * the response in two segments) and once with the fewest (ACKs merged, one segment). A counter
 * equal in both is certain (nat counters, UDP, ICMP, and whatever only the first packet meets);
 * the others are predicted as the range between.
 */
public final class Prediction {
    private final Scenario scenario;
    private final HostLayout layout;
    private final Map<CounterKey, long[]> range = new LinkedHashMap<>();
    private final List<Map<CounterKey, long[]>> perAction = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private List<OpenOrder> openOrders = List.of();

    private Prediction(Scenario scenario, HostLayout layout) {
        this.scenario = scenario;
        this.layout = layout;
    }

    public Scenario scenario() { return scenario; }
    public HostLayout layout() { return layout; }
    /** What each action did, in words (from the variant with every packet). */
    public List<String> outcomes() { return outcomes; }

    /**
     * Containers whose port rules real Docker may write in another order than the model's: their
     * counters are predicted for the rules by content (whichever number a rule gets).
     */
    public List<OpenOrder> openOrders() { return openOrders; }

    /** One line per container whose port rules may come in another order. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (OpenOrder o : openOrders) notes.add(o.notice() + "; their counters go with the rules, not the rule numbers");
        return notes;
    }

    /** {minPackets, maxPackets, minBytes, maxBytes} for every counter. */
    public Map<CounterKey, long[]> ranges() { return range; }

    /**
     * What each traffic action alone moves (in scenario order): for every counter, the range
     * {minPackets, maxPackets, minBytes, maxBytes} of its change during that action, between the
     * variant with every packet and the one with the fewest (each action is its own exchange, so
     * its timing varies on its own).
     */
    public List<Map<CounterKey, long[]>> perAction() { return perAction; }

    public static Prediction of(Scenario scenario, HostLayout layout) throws IptablesException {
        Prediction p = new Prediction(scenario, layout);
        List<Map<CounterKey, long[]>> most = p.run(true, p.outcomes);
        List<Map<CounterKey, long[]>> fewest = p.run(false, new ArrayList<>());
        p.range.putAll(between(most.get(most.size() - 1), fewest.get(fewest.size() - 1), null, null));
        for (int i = 1; i < most.size(); i++) {
            p.perAction.add(between(most.get(i), fewest.get(i), most.get(i - 1), fewest.get(i - 1)));
        }
        return p;
    }

    /** The range between two variants' counters, each less its own earlier counters (if given). */
    private static Map<CounterKey, long[]> between(Map<CounterKey, long[]> most, Map<CounterKey, long[]> fewest,
                                                   Map<CounterKey, long[]> mostBefore, Map<CounterKey, long[]> fewestBefore) {
        Map<CounterKey, long[]> r = new LinkedHashMap<>();
        for (Map.Entry<CounterKey, long[]> e : most.entrySet()) {
            long[] hi = minus(e.getValue(), mostBefore == null ? null : mostBefore.get(e.getKey()));
            long[] lo = fewest.containsKey(e.getKey())
                    ? minus(fewest.get(e.getKey()), fewestBefore == null ? null : fewestBefore.get(e.getKey())) : hi;
            r.put(e.getKey(), new long[] {Math.min(lo[0], hi[0]), Math.max(lo[0], hi[0]),
                    Math.min(lo[1], hi[1]), Math.max(lo[1], hi[1])});
        }
        return r;
    }

    /** The longest the lab takes between one action's end and the next one's first packet. */
    static final long ACTION_GAP_NANOS = 300_000_000L;

    private static long[] minus(long[] a, long[] b) {
        return b == null ? a : new long[] {a[0] - b[0], a[1] - b[1]};
    }

    /** The counters before the traffic, then after each action. */
    private List<Map<CounterKey, long[]>> run(boolean most, List<String> said) throws IptablesException {
        Played p = play(scenario, layout, most, d -> { });
        said.addAll(p.outcomes());
        if (most) openOrders = p.docker().openOrders();
        return p.counters();
    }

    /**
     * A scenario played on the model: the host, the simulator that carried its traffic, each action
     * and what it did, and the counters before the traffic and after each action.
     */
    public record Played(DockerHost docker, Simulator simulator, List<String> outcomes,
                         List<Map<CounterKey, long[]>> counters) {}

    /**
     * Plays a scenario on the model as the lab runs it: the host its script builds, the recording
     * procedure applied (counters zeroed, TRACE appended), the lab's servers, then its traffic, with
     * every packet a TCP stack may send ({@code most}) or the fewest. {@code ready} sees the host
     * after the recording procedure, before any traffic (to take a snapshot of its counters).
     */
    public static Played play(Scenario scenario, HostLayout layout, boolean most, java.util.function.Consumer<DockerHost> ready)
            throws IptablesException {
        DockerHost docker;
        try {
            docker = DockerScript.run(scenario.hostScript(), scenario.name() + ".scenario", layout);
        } catch (DockerScript.ScriptException e) {
            throw new IptablesException(e.getMessage(), 1);
        }
        RecordingProcedure.prepare(docker.ruleset());
        ready.accept(docker);
        Simulator sim = new Simulator(docker);
        sim.variant(most, most, most);
        labServices(sim, scenario.hostScript());
        List<String> said = new ArrayList<>();
        long millis = 0;
        List<Map<CounterKey, long[]>> counters = new ArrayList<>();
        counters.add(Counters.of(docker.ruleset()));
        boolean first = true;
        for (Action a : scenario.actions()) {
            if (a.isWait()) {
                // The model's clock counts whole seconds: it moves once the pauses add up to one.
                long before = millis / 1000;
                millis += a.waitMillis();
                sim.kernel().conntrack().advance(millis / 1000 - before);
                sim.pause(a.waitMillis() * 1_000_000L); // the kernel's own clock (limit's bucket)
                said.add(a.toString());
                counters.add(Counters.of(docker.ruleset()));   // a pause is an action too (./nflab watch stops after it)
                continue;
            }
            // Between two actions the lab starts a new client process: a few milliseconds, up to
            // ACTION_GAP_NANOS on a loaded machine. Only a limit match sees it; the two plays
            // take the extremes, so its counters get the range between.
            if (!first && most) sim.pause(ACTION_GAP_NANOS);
            first = false;
            Endpoint from = switch (a.from()) {
                case "peer" -> Endpoint.PEER;
                case "lan" -> Endpoint.LAN;
                case "host" -> Endpoint.HOST;
                default -> a.from().startsWith("host:") ? Endpoint.host(Long.parseLong(a.from().substring(5)))
                        : Endpoint.container(a.from().substring("container:".length()));
            };
            if (from instanceof Endpoint.Container c && (docker.container(c.name()) == null
                    || !docker.container(c.name()).running())) {
                throw new IptablesException(scenario.name() + ".scenario:" + a.line() + ": container " + c.name()
                        + " is not running", 2);
            }
            Simulator.Outcome o = switch (a.verb()) {
                case "http" -> http(sim, from, a.args().get(0));
                case "tcp" -> sim.tcp(from, Ipv4.parse(a.args().get(0)), Integer.parseInt(a.args().get(1)));
                case "udp" -> sim.udp(from, Ipv4.parse(a.args().get(0)), Integer.parseInt(a.args().get(1)),
                        a.args().get(2).length());
                default -> sim.ping(from, Ipv4.parse(a.args().get(0)));
            };
            said.add(a + "  ->  " + o.how());
            counters.add(Counters.of(docker.ruleset()));
        }
        return new Played(docker, sim, said, counters);
    }

    private static Simulator.Outcome http(Simulator sim, Endpoint from, String url) {
        String rest = url.substring("http://".length());
        int slash = rest.indexOf('/');
        String hostPart = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int colon = hostPart.indexOf(':');
        int ip = Ipv4.parse(colon < 0 ? hostPart : hostPart.substring(0, colon));
        int port = colon < 0 ? 80 : Integer.parseInt(hostPart.substring(colon + 1));
        // nflab-net sends exactly this request (lab/SCENARIOS.md).
        int request = ("GET " + path + " HTTP/1.0\r\nHost: " + hostPart + "\r\n\r\n").length();
        return sim.http(from, ip, port, request);
    }

    /**
     * The servers of the lab's network: on the peer (both addresses) httpd on tcp 80 ("peer\n";
     * its busybox answers with a 207-byte header, as lab/recorded/nft/container-to-outside shows),
     * a tcp-sink on 7000 and a udp-echo on 7001; on the host a tcp-sink on 9000; in each container
     * the web image's httpd on 80, unless its {@code docker run} line gives another command.
     */
    static void labServices(Simulator sim, String hostScript) throws IptablesException {
        for (Endpoint peer : List.of(Endpoint.PEER, Endpoint.LAN)) {
            sim.serve(peer, "tcp", 80, new Simulator.Service.Http(207, 5));
            sim.serve(peer, "tcp", 7000, new Simulator.Service.Sink());
            sim.serve(peer, "udp", 7001, new Simulator.Service.Echo());
        }
        // The host's own server (lab/lib.sh lab_host_services), what a `ufw deny` of a host port closes.
        sim.serve(Endpoint.HOST, "tcp", 9000, new Simulator.Service.Sink());
        sim.noContainerDefaults();
        for (String line : hostScript.split("\n")) {
            if (!line.startsWith("docker run ")) continue;
            List<String> w = Tokenizer.split(line).subList(2, Tokenizer.split(line).size());
            String name = null;
            int i = 0;
            for (; i < w.size(); i++) {
                String a = w.get(i);
                if (a.equals("--name")) name = w.get(++i);
                else if (a.startsWith("--name=")) name = a.substring(7);
                else if (List.of("--network", "--net", "-p", "--publish", "--ip").contains(a)) i++;
                else if (!a.startsWith("-")) break;
            }
            if (name == null) continue;
            List<String> command = i + 1 < w.size() ? w.subList(i + 1, w.size()) : List.of();
            Endpoint c = Endpoint.container(name);
            String joined = String.join(" ", command);
            if (command.isEmpty() || joined.contains("httpd")) {
                int port = 80;
                int p = command.indexOf("-p");
                if (p >= 0 && p + 1 < command.size()) port = Integer.parseInt(command.get(p + 1));
                sim.serve(c, "tcp", port, new Simulator.Service.Http(6));
            } else if (joined.contains("udp-echo")) {
                sim.serve(c, "udp", Integer.parseInt(command.get(command.size() - 1)), new Simulator.Service.Echo());
            } else if (joined.contains("tcp-sink")) {
                sim.serve(c, "tcp", Integer.parseInt(command.get(command.size() - 1)), new Simulator.Service.Sink());
            }
        }
    }

    /** The prediction as a table: every counter, certain or with its range. */
    public String toText(boolean all) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-46s %17s %19s  %s%n", "counter", "packets", "bytes", "rule"));
        for (Map.Entry<CounterKey, long[]> e : range.entrySet()) {
            long[] r = e.getValue();
            if (!all && r[1] == 0) continue;
            CounterKey k = e.getKey();
            String where = k.table() + " " + k.chain() + (k.isPolicy() ? " policy " + k.rule() : " #" + k.number());
            b.append(String.format("%-46s %17s %19s  %s%n", where, span(r[0], r[1]), span(r[2], r[3]),
                    k.isPolicy() ? "" : k.rule()));
        }
        return b.toString();
    }

    static String span(long lo, long hi) {
        return lo == hi ? String.valueOf(lo) : lo + ".." + hi;
    }
}
