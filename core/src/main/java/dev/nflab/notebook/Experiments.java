package dev.nflab.notebook;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.netfilter.Hook;
import dev.nflab.packet.Ipv4;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.RecordingProcedure;
import dev.nflab.scenario.CounterKey;
import dev.nflab.scenario.Scenario;
import dev.nflab.traffic.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recorded experiments of {@code data/real-docker-20.10/replay} and the lab's scenarios
 * ({@code lab/scenarios}, recorded in {@code lab/recorded/{nft,legacy}}), predicted by the model from
 * their commands alone (no recorded packet): the model's column of a {@link Reveal}. The host is
 * built by the Docker model from the experiment's commands, the recording procedure is applied
 * (counters zeroed, TRACE appended), and the simulator plays the traffic.
 */
public final class Experiments {
    private Experiments() {}

    /** One experiment as the model plays it: the counters that moved, how it ended, its first packet's hooks. */
    public record Run(DockerHost docker, CounterTable moved, List<Simulator.Outcome> outcomes, List<Hook> firstPath) {
        public String how() {
            return String.join("; ", outcomes.stream().map(Simulator.Outcome::how).toList());
        }
    }

    /** curl's request to the seed's host (HTTP/1.1, as in the captures). */
    public static final int CURL = "GET / HTTP/1.1\r\nHost: 172.31.37.164\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n".length();

    /**
     * s1 (nf_tables, {@code HostLayout.LAB_NFT}) and s4 (legacy, {@code LAB_LEGACY}): nginx published on
     * :80, the LAN peer fetches the page with curl. With {@code allowlist}, s3: DOCKER-USER drops eth0's
     * packets not from 172.31.32.1, then 172.31.32.1 and 172.31.40.10 each try.
     */
    public static Run curlFromLan(HostLayout layout, boolean allowlist) throws Exception {
        DockerHost d = DockerHost.start(layout, DaemonOptions.DEFAULTS);
        d.run(RunOptions.named("nginx").publish("80:80").image("web"));
        if (allowlist) d.iptables().execute("-I DOCKER-USER -i eth0 ! -s 172.31.32.1/32 -j DROP");
        RecordingProcedure.prepare(d.ruleset());
        CounterTable.Counts before = CounterTable.snapshot(d.ruleset());
        Simulator sim = new Simulator(d);
        sim.shape(Simulator.WebShape.CURL_HTTP11);
        int host = Ipv4.parse("172.31.37.164");
        Simulator.Outcome first = sim.http(Endpoint.PEER, host, 80, CURL);
        List<Hook> path = FlowDiagram.of(sim.log().get(0).result().steps()).hooks();
        List<Simulator.Outcome> outcomes = allowlist ? List.of(first, sim.http(Endpoint.LAN, host, 80, CURL)) : List.of(first);
        return new Run(d, CounterTable.of(d.ruleset()).since(before).tables("nat", "filter"), outcomes, path);
    }

    /**
     * A lab scenario as the model plays it: the counters that moved (with every packet a TCP stack may
     * send), what each action did, and which counters the model is <em>certain</em> of (the same with
     * the fewest packets: nat, UDP, ICMP, whatever only a connection's first packet meets). Ask the
     * learner about certain counters only ({@link Reveal#only}): the others depend on TCP timing.
     */
    public record LabRun(String scenario, HostLayout layout, DockerHost docker, CounterTable moved, List<String> outcomes,
                         List<Hook> firstPath, Set<CounterTable.Place> certain) {
        public String how() {
            return String.join("; ", outcomes.stream().map(o -> o.substring(o.indexOf("->") + 2).strip()).toList());
        }

        /** Whether the model is certain of each of these counters ({@code "filter FORWARD 4"}, {@code "nat OUTPUT policy"}). */
        public boolean certainOf(String... counters) {
            for (String c : counters) {
                if (!certain.contains(Prediction.place(c))) return false;
            }
            return true;
        }
    }

    /**
     * Plays {@code lab/scenarios/NAME.scenario} on the model of the lab's host ({@code HostLayout.LAB_NFT}
     * or {@code LAB_LEGACY}, as {@code ./nflab predict --backend} does). Its recordings are
     * {@link #labRecording(String, String) lab/recorded/BACKEND/NAME}.
     */
    public static LabRun lab(String name, HostLayout layout) throws Exception {
        Path file = Kit.root().resolve("lab/scenarios").resolve(name + ".scenario");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no scenario " + file + " (lab/scenarios lists them)");
        Scenario s = Scenario.read(file);
        CounterTable.Counts[] before = new CounterTable.Counts[1];
        dev.nflab.scenario.Prediction.Played p = dev.nflab.scenario.Prediction.play(s, layout, true,
                d -> before[0] = CounterTable.snapshot(d.ruleset()));
        Set<CounterTable.Place> uncertain = new LinkedHashSet<>();
        for (Map.Entry<CounterKey, long[]> e : dev.nflab.scenario.Prediction.of(s, layout).ranges().entrySet()) {
            CounterKey k = e.getKey();
            if (e.getValue()[0] != e.getValue()[1]) uncertain.add(new CounterTable.Place(k.table(), k.chain(), k.isPolicy() ? 0 : k.number()));
        }
        CounterTable moved = CounterTable.of(p.docker().ruleset()).since(before[0]).tables("nat", "filter");
        Set<CounterTable.Place> certain = new LinkedHashSet<>();
        for (CounterTable.Row r : moved.rows()) {
            if (!uncertain.contains(r.place())) certain.add(r.place());
        }
        List<Hook> path = p.simulator().log().isEmpty() ? List.of() : FlowDiagram.of(p.simulator().log().get(0).result().steps()).hooks();
        return new LabRun(name, layout, p.docker(), moved, p.outcomes(), path, certain);
    }

    /** A lab recording: {@code lab/recorded/BACKEND/NAME} (BACKEND nft or legacy); {@link Reveal#real} names it when missing. */
    public static Path labRecording(String backend, String name) {
        return Kit.root().resolve("lab/recorded").resolve(backend).resolve(name);
    }

    /** The learner's own VM run of a scenario, {@code lab/recorded-vm/legacy/NAME}, when they made one. */
    public static Path vmRecording(String name) {
        return Kit.root().resolve("lab/recorded-vm/legacy").resolve(name);
    }
}
