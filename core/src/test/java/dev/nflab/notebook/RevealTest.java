package dev.nflab.notebook;

import dev.nflab.docker.HostLayout;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevealTest {

    @Test
    void predictionsReadLikeTheListing() {
        Prediction.take();
        Prediction.predict("nat DOCKER 2", 1);
        Prediction.predict("""
                filter FORWARD 3   5
                filter FORWARD policy 0
                """);
        Prediction.path("prerouting", "FORWARD");
        Prediction.fate("answered");
        Prediction p = Prediction.take();
        assertEquals(1L, p.packets(new CounterTable.Place("nat", "DOCKER", 2)));
        assertEquals(5L, p.packets(new CounterTable.Place("filter", "FORWARD", 3)));
        assertEquals(0L, p.packets(new CounterTable.Place("filter", "FORWARD", 0)));
        assertEquals(0L, p.packets(new CounterTable.Place("nat", "OUTPUT", 1)), "unnamed counters are predicted 0");
        assertEquals(List.of("PREROUTING", "FORWARD"), p.path());
        assertTrue(Prediction.take().isEmpty(), "take() opens an empty prediction");
        assertThrows(IllegalArgumentException.class, () -> Prediction.place("DOCKER"));
    }

    @Test
    void s1IsTheModelsAndALearnerWhoCountsEveryPacketInNatIsToldWhy() throws Exception {
        Experiments.Run run = Experiments.curlFromLan(HostLayout.LAB_NFT, false);
        Prediction.take();
        Prediction.predict("nat DOCKER 2", 10);
        Reveal r = Reveal.of("s1", Prediction.take()).model(run.moved()).modelFate(run.how()).modelPath(run.firstPath())
                .real("s1", Kit.capture("s1-seed-external-client"))
                .real("s4", Kit.capture("s4-seed-external-client-legacy"))
                .real("vm", Kit.root().resolve("lab/recorded-vm/legacy/no-such-recording"));
        assertTrue(r.modelEqualsReal("s1"), r.text());
        assertFalse(r.modelEqualsReal("s4"), r.text());
        assertTrue(r.kernelDifferences().stream().allMatch(l -> l.contains("1 more bare ACK (52 bytes")), r.kernelDifferences().toString());
        List<String> why = r.learnerDifferences();
        assertTrue(why.stream().anyMatch(l -> l.startsWith("nat DOCKER 2") && l.contains("first packet of a connection")), why.toString());
        assertTrue(why.stream().anyMatch(l -> l.startsWith("nat PREROUTING 1") && l.contains("you said 0")), why.toString());
        assertTrue(r.html().contains("not recorded in this checkout"), r.html());
    }

    @Test
    void aRetransmittedSynIsNamed() {
        String s = Reveal.explainKernel("s3", new CounterTable.Place("nat", "PREROUTING", 1), "-j DOCKER",
                new CounterTable.Count(2, 120), new CounterTable.Count(3, 180));
        assertTrue(s.contains("retransmitted SYN"), s);
    }

    @Test
    void aLabScenarioIsAskedOnlyAboutTheCountersTheModelIsCertainOf() throws Exception {
        Experiments.LabRun run = Experiments.lab("lan-to-container", HostLayout.LAB_NFT);
        assertTrue(run.certainOf("filter FORWARD policy", "filter FORWARD 4", "filter DOCKER 1"), run.certain().toString());
        assertFalse(run.certainOf("filter FORWARD 3"), "FORWARD 3 counts the client's later packets: TCP timing");
        Prediction.take();
        Prediction.predict("filter FORWARD policy", 3);
        Reveal r = Reveal.of("lan", Prediction.take()).model(run).only("filter FORWARD policy", "filter FORWARD 4", "filter DOCKER 1")
                .real("lab nft", Experiments.labRecording("nft", "lan-to-container"));
        assertEquals(3, r.places().size());
        assertTrue(r.modelEqualsReal("lab nft"), r.text());
        assertTrue(r.learnerDifferences().stream().anyMatch(l -> l.startsWith("filter FORWARD 4")), r.learnerDifferences().toString());
    }

    @Test
    void theRulesOfTheNewExperimentsAreExplained() {
        String same = Reveal.explainLearner(new CounterTable.Place("filter", "FORWARD", 6), "-i docker0 -o docker0 -j ACCEPT", 14, 2);
        assertTrue(same.contains("same bridge") && same.contains("ESTABLISHED"), same);
        String hairpin = Reveal.explainLearner(new CounterTable.Place("nat", "POSTROUTING", 2),
                "-s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE", 1, 0);
        assertTrue(hairpin.contains("its own published port"), hairpin);
        String ret = Reveal.explainLearner(new CounterTable.Place("nat", "DOCKER", 1), "-i docker0 -j RETURN", 0, 1);
        assertTrue(ret.contains("docker-proxy"), ret);
    }

    @Test
    void ufwsRulesAreExplainedByWhereTheyAre() {
        String jump = Reveal.explainLearner(new CounterTable.Place("filter", "FORWARD", 7), "-j ufw-before-logging-forward", 1, 0);
        assertTrue(jump.contains("appended") && jump.contains("Docker's"), jump);
        String deny = Reveal.explainLearner(new CounterTable.Place("filter", "ufw-user-input", 1), "-p tcp -m tcp --dport 8080 -j DROP", 2, 0);
        assertTrue(deny.contains("filter INPUT only") && deny.contains("DNAT"), deny);
        String route = Reveal.explainLearner(new CounterTable.Place("filter", "ufw-user-forward", 2), "-d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j DROP", 1, 2);
        assertTrue(route.contains("filter FORWARD only") && route.contains("sent again"), route);
    }
}
