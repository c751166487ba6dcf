package dev.nflab.notebook;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.packet.Ipv4;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedRulesTest {

    @Test
    void theWalkthroughsListingsGiveSixNatAndTwelveFilterRules() {
        List<SeedRules.SeedRule> all = SeedRules.all();
        // the walkthrough's listings: nat 4 after installing Docker + 2 for nginx; filter 11 + 1
        assertEquals(6, all.stream().filter(r -> r.table().equals("nat")).count(), all.toString());
        assertEquals(12, all.stream().filter(r -> r.table().equals("filter")).count(), all.toString());
        assertEquals("! -i docker0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 172.17.0.2:80", SeedRules.named("nat DOCKER 2").spec());
        assertEquals("-i docker0 -o docker0 -j ACCEPT", SeedRules.named("filter  FORWARD 6").spec());
        assertThrows(IllegalArgumentException.class, () -> SeedRules.named("nat DOCKER 3"));
    }

    @Test
    void countedFindsTheRuleByItsTextAndFailsWhenItDidNotMove() throws Exception {
        DockerHost d = DockerHost.start(HostLayout.SEED_VM, DaemonOptions.DEFAULTS);
        d.run(RunOptions.named("nginx").publish("80:80"));
        CounterTable.Counts before = CounterTable.snapshot(d.ruleset());
        new Simulator(d).http(Endpoint.PEER, Ipv4.parse("172.31.37.164"), 80, 40);
        CounterTable moved = CounterTable.of(d.ruleset()).since(before);
        assertEquals(1, SeedRules.counted("nat DOCKER 2", moved));
        assertThrows(AssertionError.class, () -> SeedRules.counted("nat DOCKER 1", moved));
    }
}
