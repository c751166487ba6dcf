package dev.nflab.notebook;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.NetworkOptions;
import dev.nflab.docker.RunOptions;
import dev.nflab.docker.SeedHost;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest {

    @Test
    void aFreshHostIsLoAndEth0() {
        Topology t = Topology.of(SeedHost.fresh().host());
        assertEquals(List.of("eth0 -- LAN"), t.links());
        assertEquals(List.of("lo", "eth0"), t.nodes().stream().map(Topology.Node::name).toList());
        assertTrue(t.nodes().get(1).lines().get(1).contains("172.31.37.164/20"), t.nodes().toString());
    }

    @Test
    void theSeedsNginxIsWiredAsIpLinkAndBrctlSay() {
        Topology t = Topology.of(SeedHost.nginxStarted().docker());
        List<String> links = t.links();
        assertTrue(links.contains("veth3ce1bed -- docker0"), links.toString());
        assertTrue(links.contains("veth3ce1bed -- nginx:eth0"), links.toString());
        assertTrue(links.contains("docker-proxy tcp 0.0.0.0:80 -> 172.17.0.2:80"), links.toString());
        assertTrue(links.contains("docker-proxy tcp [::]:80 -> 172.17.0.2:80"), links.toString());
        Topology.Node docker0 = t.nodes().stream().filter(n -> n.name().equals("docker0")).findFirst().orElseThrow();
        assertEquals("172.17.0.1/16", docker0.lines().get(1));
        Topology.Node nginx = t.nodes().stream().filter(n -> n.kind().equals("container")).findFirst().orElseThrow();
        assertTrue(nginx.lines().get(1).endsWith(" 172.17.0.2/16"), nginx.lines().toString());
        String svg = t.svg();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains(">veth3ce1bed@if") && svg.contains(">container nginx<"), svg);
        assertFalse(svg.contains("<script"));
    }

    @Test
    void aUserNetworkIsASecondBridge() throws Exception {
        DockerHost d = DockerHost.start(HostLayout.SEED_VM, DaemonOptions.DEFAULTS);
        String br = d.createNetwork(NetworkOptions.named("backend")).bridge();
        d.run(RunOptions.named("api").network("backend"));
        d.run(RunOptions.named("web"));
        Topology t = Topology.of(d);
        assertTrue(t.links().stream().anyMatch(l -> l.endsWith(" -- " + br)), t.links().toString());
        assertTrue(t.links().stream().anyMatch(l -> l.endsWith(" -- api:eth0")), t.links().toString());
        assertTrue(t.links().stream().anyMatch(l -> l.endsWith(" -- web:eth0")), t.links().toString());
        assertTrue(t.nodes().stream().anyMatch(n -> n.name().equals(br) && n.lines().get(1).equals("172.18.0.1/16")), t.nodes().toString());
    }
}
