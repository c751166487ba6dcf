package dev.nflab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.docker.DaemonOptions;
import dev.nflab.docker.DockerHost;
import dev.nflab.docker.HostLayout;
import dev.nflab.docker.RunOptions;
import dev.nflab.kernel.Step;
import dev.nflab.netfilter.Hook;
import dev.nflab.netfilter.TableName;
import dev.nflab.packet.Ipv4;
import dev.nflab.packet.Packet;
import dev.nflab.packet.TcpFlags;
import dev.nflab.traffic.Endpoint;
import dev.nflab.traffic.Simulator;
import dev.nflab.traffic.Transmission;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FlowDiagramTest {
    private static final int HOST = Ipv4.parse("172.31.37.164");

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Elements with attribute class containing {@code cls}, as data-hook[/data-table] strings. */
    static List<String> marked(Document d, String elementClass, String flag) {
        List<String> out = new ArrayList<>();
        NodeList all = d.getElementsByTagName("g");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            List<String> cls = List.of(e.getAttribute("class").split(" "));
            if (cls.contains(elementClass) && cls.contains(flag)) {
                String t = e.getAttribute("data-table");
                out.add(e.getAttribute("data-hook") + (t.isEmpty() ? "" : "/" + t));
            }
        }
        return out;
    }

    private static DockerHost nginx() throws Exception {
        DockerHost d = DockerHost.start(HostLayout.SEED_VM, DaemonOptions.DEFAULTS);
        d.run(RunOptions.named("nginx").publish("80:80"));
        return d;
    }

    /** The hooks and tables the steps name, computed independently of FlowDiagram. */
    private static Set<String> tablesOf(List<Step> steps) {
        Set<String> s = new LinkedHashSet<>();
        for (Step st : steps) {
            if (st.kind() == Step.Kind.TABLE || st.kind() == Step.Kind.RULE || st.kind() == Step.Kind.POLICY) {
                s.add(st.hook() + "/" + st.table().lowerName());
            }
        }
        return s;
    }

    @Test
    void blankDiagramIsWellFormedAndListsEveryHooksTablesInPriorityOrder() throws Exception {
        String svg = FlowDiagram.blank().svg();
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
        assertTrue(marked(d, "hook", "visited").isEmpty());
        assertTrue(marked(d, "table", "visited").isEmpty());
        assertEquals(List.of(TableName.RAW, TableName.MANGLE, TableName.NAT), FlowDiagram.tablesAt(Hook.PREROUTING));
        assertEquals(List.of(TableName.MANGLE, TableName.FILTER, TableName.SECURITY, TableName.NAT),
                FlowDiagram.tablesAt(Hook.INPUT));
        assertEquals(List.of(TableName.RAW, TableName.MANGLE, TableName.NAT, TableName.FILTER, TableName.SECURITY),
                FlowDiagram.tablesAt(Hook.OUTPUT));
        // Every hook box has one row per table, in that order.
        for (Hook h : Hook.values()) {
            List<String> rows = new ArrayList<>();
            NodeList gs = d.getElementsByTagName("g");
            for (int i = 0; i < gs.getLength(); i++) {
                Element e = (Element) gs.item(i);
                if (e.getAttribute("class").startsWith("table") && e.getAttribute("data-hook").equals(h.name())) {
                    rows.add(e.getAttribute("data-table"));
                }
            }
            assertEquals(FlowDiagram.tablesAt(h).stream().map(TableName::lowerName).toList(), rows, h.name());
        }
        assertEquals("none", d.getDocumentElement().getAttribute("data-end"));
    }

    @Test
    void forwardedSynHighlightsExactlyItsHooksAndTables() throws Exception {
        DockerHost d = nginx();
        Simulator sim = new Simulator(d);
        Transmission syn = sim.transmit(Endpoint.PEER, Packet.tcp(Endpoint.PEER.address(), 40000, HOST, 80, TcpFlags.SYN, 60), false);
        List<Step> steps = syn.result().steps();
        FlowDiagram f = FlowDiagram.of(steps).title("SYN <from> the peer & co");
        Document doc = parse(f.svg());
        assertEquals(List.of(Hook.PREROUTING, Hook.FORWARD, Hook.POSTROUTING), f.hooks());
        assertEquals(List.of("PREROUTING", "FORWARD", "POSTROUTING"), marked(doc, "hook", "visited"));
        assertEquals(tablesOf(steps), new LinkedHashSet<>(f.tables()));
        assertEquals(tablesOf(steps), new LinkedHashSet<>(orderedLike(f.tables(), marked(doc, "table", "visited"))));
        assertTrue(f.matchedRules().contains("PREROUTING nat DOCKER 2"), f.matchedRules().toString());
        assertTrue(f.matchedRules().contains("FORWARD filter DOCKER 1"), f.matchedRules().toString());
        assertEquals(FlowDiagram.End.SENT, f.end());
        assertNull(f.droppedIn());
        assertTrue(marked(doc, "table", "dropped").isEmpty());
        assertEquals("sent", doc.getDocumentElement().getAttribute("data-end"));
        List<String> edges = visitedEdges(doc);
        assertEquals(Set.of("in>PREROUTING", "PREROUTING>route", "route>FORWARD", "FORWARD>POSTROUTING", "POSTROUTING>out"),
                Set.copyOf(edges));
    }

    @Test
    void droppedPacketMarksTheTableThatDroppedIt() throws Exception {
        DockerHost d = nginx();
        d.iptables().execute("-I DOCKER-USER -i eth0 ! -s 172.31.32.1/32 -j DROP");
        Simulator sim = new Simulator(d);
        Transmission syn = sim.transmit(Endpoint.LAN, Packet.tcp(Endpoint.LAN.address(), 40000, HOST, 80, TcpFlags.SYN, 60), false);
        FlowDiagram f = FlowDiagram.of(syn.result().steps());
        Document doc = parse(f.svg());
        assertEquals(FlowDiagram.End.DROPPED, f.end());
        assertEquals("FORWARD/filter", f.droppedIn());
        assertEquals(List.of("FORWARD/filter"), marked(doc, "table", "dropped"));
        assertEquals(List.of(Hook.PREROUTING, Hook.FORWARD), f.hooks());
        assertTrue(f.matchedRules().contains("FORWARD filter DOCKER-USER 1"));
        assertTrue(!visitedEdges(doc).contains("FORWARD>POSTROUTING"));
    }

    @Test
    void loopbackVisitsFourHooksAndEndsDelivered() throws Exception {
        DockerHost d = nginx();
        Simulator sim = new Simulator(d);
        Transmission t = sim.transmit(Endpoint.HOST, Packet.tcp(0, 40000, Ipv4.parse("127.0.0.1"), 80, TcpFlags.SYN, 60), false);
        FlowDiagram f = FlowDiagram.of(t.result().steps());
        assertEquals(List.of(Hook.OUTPUT, Hook.POSTROUTING, Hook.PREROUTING, Hook.INPUT), f.hooks());
        assertEquals(FlowDiagram.End.DELIVERED, f.end());
        Document doc = parse(f.svg());
        assertEquals(Set.of("OUTPUT", "POSTROUTING", "PREROUTING", "INPUT"), Set.copyOf(marked(doc, "hook", "visited")));
        assertTrue(visitedEdges(doc).containsAll(List.of("local>OUTPUT", "OUTPUT>POSTROUTING", "POSTROUTING>out",
                "in>PREROUTING", "PREROUTING>route", "route>INPUT", "INPUT>local")));
        assertTrue(!visitedEdges(doc).contains("route>FORWARD"));
    }

    private static List<String> visitedEdges(Document doc) {
        List<String> out = new ArrayList<>();
        NodeList gs = doc.getElementsByTagName("g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element e = (Element) gs.item(i);
            if (e.getAttribute("class").equals("edge visited")) out.add(e.getAttribute("data-edge"));
        }
        return out;
    }

    private static List<String> orderedLike(List<String> reference, List<String> items) {
        List<String> out = new ArrayList<>(items);
        out.sort((a, b) -> Integer.compare(reference.indexOf(a), reference.indexOf(b)));
        return out;
    }
}
