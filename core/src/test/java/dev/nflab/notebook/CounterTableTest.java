package dev.nflab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Chain;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.netfilter.Table;
import dev.nflab.packet.Ipv4;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.Simulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CounterTableTest {
    private static final int HOST = Ipv4.parse("172.31.37.164");

    private static DockerHost nginx() throws Exception {
        DockerHost d = DockerHost.start(HostLayout.SEED_VM, DaemonOptions.DEFAULTS);
        d.run(RunOptions.named("nginx").publish("80:80"));
        return d;
    }

    /** Every counter of the ruleset by "table chain number" (0 = policy), computed without CounterTable. */
    private static Map<String, long[]> raw(Ruleset rs) {
        Map<String, long[]> m = new HashMap<>();
        for (Table t : rs.tables()) {
            for (Chain c : t.chains()) {
                String w = t.name().lowerName() + " " + c.name();
                if (c.isBuiltin()) m.put(w + " policy", new long[] {c.policyCounter().packets(), c.policyCounter().bytes()});
                for (int i = 0; i < c.size(); i++) {
                    m.put(w + " rule " + (i + 1), new long[] {c.rule(i).counter().packets(), c.rule(i).counter().bytes()});
                }
            }
        }
        return m;
    }

    /** The cells the HTML marks as changed, as "PLACE pkts|bytes". */
    private static Set<String> changedCells(String html) throws Exception {
        Document d = FlowDiagramTest.parse(html);
        Set<String> out = new HashSet<>();
        NodeList rows = d.getElementsByTagName("tr");
        for (int i = 0; i < rows.getLength(); i++) {
            Element tr = (Element) rows.item(i);
            NodeList tds = tr.getElementsByTagName("td");
            for (int j = 0; j < tds.getLength(); j++) {
                Element td = (Element) tds.item(j);
                List<String> cls = List.of(td.getAttribute("class").split(" "));
                if (cls.contains("changed")) out.add(tr.getAttribute("data-place") + " " + cls.get(0));
            }
        }
        return out;
    }

    @Test
    void changedCellsAreExactlyTheCountersThatChanged() throws Exception {
        DockerHost d = nginx();
        Simulator sim = new Simulator(d);
        sim.http(Endpoint.PEER, HOST, 80, 77); // some history first
        Map<String, long[]> rawBefore = raw(d.ruleset());
        CounterTable.Counts before = CounterTable.snapshot(d.ruleset());
        assertTrue(sim.http(Endpoint.PEER, HOST, 80, 77).answered());
        Map<String, long[]> rawAfter = raw(d.ruleset());

        Set<String> expected = new HashSet<>();
        for (Map.Entry<String, long[]> e : rawAfter.entrySet()) {
            long[] b = rawBefore.get(e.getKey());
            if (b[0] != e.getValue()[0]) expected.add(e.getKey() + " pkts");
            if (b[1] != e.getValue()[1]) expected.add(e.getKey() + " bytes");
        }
        assertFalse(expected.isEmpty());
        CounterTable t = CounterTable.of(d.ruleset()).since(before);
        String html = t.html();
        assertEquals(expected, changedCells(html));
        // The accessors agree with the raw counters.
        assertEquals(1, t.delta("nat", "DOCKER", 2).packets());
        assertEquals(0, t.policyDelta("filter", "FORWARD").packets());
        List<String> changed = new ArrayList<>();
        for (CounterTable.Place p : t.changed()) changed.add(p.toString());
        Set<String> expectedPlaces = new HashSet<>();
        for (String c : expected) expectedPlaces.add(c.substring(0, c.lastIndexOf(' ')));
        assertEquals(expectedPlaces, Set.copyOf(changed));
        assertTrue(t.text().contains("(+1)"));
    }

    @Test
    void withoutEarlierCountersNothingIsMarked() throws Exception {
        DockerHost d = nginx();
        new Simulator(d).http(Endpoint.PEER, HOST, 80, 77);
        CounterTable t = CounterTable.of(d.ruleset()).tables("nat", "filter").title("after <one> request");
        assertTrue(changedCells(t.html()).isEmpty());
        assertThrows(IllegalStateException.class, t::changed);
        assertEquals(1, t.count("nat", "DOCKER", 2).packets());
        // Only the tables asked for, nat first.
        for (CounterTable.Row r : t.rows()) assertTrue(List.of("nat", "filter").contains(r.place().table()));
        assertEquals("nat", t.rows().get(0).place().table());
    }

    @Test
    void insertedRulesAreNewAndDoNotShiftTheComparison() throws Exception {
        DockerHost d = nginx();
        Simulator sim = new Simulator(d);
        sim.http(Endpoint.PEER, HOST, 80, 77);
        CounterTable.Counts before = CounterTable.snapshot(d.ruleset());
        d.iptables().execute("-I DOCKER-USER -s 10.9.9.9/32 -j DROP");
        CounterTable t = CounterTable.of(d.ruleset()).since(before);
        assertTrue(t.changed().isEmpty(), t.changed().toString()); // a new rule with zero counters changed nothing
        CounterTable.Row added = t.row("filter", "DOCKER-USER", 1);
        assertTrue(added.isNew());
        assertFalse(t.row("filter", "DOCKER-USER", 2).isNew());
        assertTrue(t.html().contains("class=\"new\""));
        FlowDiagramTest.parse(t.html());
    }

    @Test
    void comparisonFindsEqualAndDifferentCounters() throws Exception {
        DockerHost d = nginx();
        new Simulator(d).http(Endpoint.PEER, HOST, 80, 77);
        String save = IptablesSave.write(d.ruleset(), true, null);
        Ruleset copy = IptablesSave.read(save, "copy", d.ruleset().dialect());
        CounterTable.Comparison same = CounterTable.compare(d.ruleset(), copy);
        assertTrue(same.mismatches().isEmpty(), same.text());
        FlowDiagramTest.parse(same.html());
        copy.table(dev.nflab.netfilter.TableName.NAT).requireChain("DOCKER").rule(1).counter().set(5, 300);
        CounterTable.Comparison diff = CounterTable.compare(d.ruleset(), copy);
        assertEquals(1, diff.mismatches().size());
        assertEquals("nat DOCKER rule 2", diff.mismatches().get(0).place().toString());
        assertTrue(diff.html().contains("class=\"differs\""));
    }

    @Test
    void aTableIsAPictureOfItsMoment() throws Exception {
        DockerHost d = nginx();
        Simulator sim = new Simulator(d);
        CounterTable.Counts before = CounterTable.snapshot(d.ruleset());
        sim.http(Endpoint.PEER, HOST, 80, 77);
        CounterTable first = CounterTable.of(d.ruleset()).since(before);
        String html = first.html();
        sim.http(Endpoint.PEER, HOST, 80, 77);
        assertEquals(html, first.html());
        assertEquals(1, first.delta("nat", "DOCKER", 2).packets());
        assertEquals(2, CounterTable.of(d.ruleset()).since(before).delta("nat", "DOCKER", 2).packets());
    }
}
