package dev.nflab.notebook;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.netfilter.Hook;
import dev.nflab.packet.Ipv4;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.RecordingProcedure;
import dev.nflab.traffic.Simulator;
import java.util.List;

/**
 * The recorded experiments of {@code data/real-docker-20.10/replay}, predicted by the model from
 * their commands alone (no recorded packet): the model's column of a {@link Reveal}. The host is
 * built by the Docker model from the recording's {@code scenario.txt}, the recording procedure is
 * applied (counters zeroed, TRACE appended), and the simulator plays the traffic.
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
}
