package dev.nflab.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.packet.Ipv4;
import dev.nflab.testing.Recorded;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * From nothing but the commands that built the host and the client's request, the model predicts
 * the counters real Docker 20.10 and a real kernel recorded: rules from the Docker model, packets
 * from the simulator, paths and NAT from the kernel model. The captures used curl (HTTP/1.1,
 * a 77-byte request to 172.31.37.164) against busybox httpd.
 */
class SimulatedExchangesTest {
    private static final int HOST = Ipv4.parse("172.31.37.164");
    private static final int CURL_REQUEST = "GET / HTTP/1.1\r\nHost: 172.31.37.164\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
            .length();

    private static Path capture(String name) {
        return Recorded.data().resolve("real-docker-20.10/replay").resolve(name);
    }

    @Test
    void seedExternalClient() throws Exception {
        DockerHost docker = DockerHost.start(HostLayout.LAB_NFT, DaemonOptions.DEFAULTS);
        docker.run(RunOptions.named("nginx").publish("80:80").image("web"));
        RecordingProcedure.prepare(docker.ruleset());
        Simulator sim = new Simulator(docker);
        sim.shape(Simulator.WebShape.CURL_HTTP11);
        assertTrue(sim.http(Endpoint.PEER, HOST, 80, CURL_REQUEST).answered());
        assertEquals(Recorded.withoutComments(Recorded.read(capture("s1-seed-external-client").resolve("after.rules"))),
                IptablesSave.write(docker.ruleset(), true, null));
    }

    @Test
    void dockerUserAllowList() throws Exception {
        DockerHost docker = DockerHost.start(HostLayout.LAB_NFT, DaemonOptions.DEFAULTS);
        docker.run(RunOptions.named("nginx").publish("80:80").image("web"));
        docker.iptables().execute("-I DOCKER-USER -i eth0 ! -s 172.31.32.1/32 -j DROP");
        RecordingProcedure.prepare(docker.ruleset());
        Simulator sim = new Simulator(docker);
        sim.shape(Simulator.WebShape.CURL_HTTP11);
        assertTrue(sim.http(Endpoint.PEER, HOST, 80, CURL_REQUEST).answered());
        // curl -m 2: the SYN, then one retransmission a second later, both dropped.
        sim.synAttempts(2);
        assertFalse(sim.http(Endpoint.LAN, HOST, 80, CURL_REQUEST).answered());
        assertEquals(Recorded.withoutComments(Recorded.read(capture("s3-docker-user-allowlist").resolve("after.rules"))),
                IptablesSave.write(docker.ruleset(), true, null));
    }
}
