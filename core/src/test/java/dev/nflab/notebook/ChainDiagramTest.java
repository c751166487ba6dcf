package dev.nflab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nflab.iptables.IptablesSave;
import dev.nflab.netfilter.Dialect;
import dev.nflab.netfilter.Ruleset;
import dev.nflab.testing.Recorded;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The chain picture on real rules: real Docker 20.10 and real ufw 0.36.2's filter FORWARD (lab/recorded/ufw-rules). */
class ChainDiagramTest {
    private static Ruleset recorded(String name) throws Exception {
        String save = Recorded.read(Recorded.root().resolve("lab/recorded/ufw-rules/nft").resolve(name).resolve(name + ".expected"));
        return IptablesSave.read(Recorded.withoutComments(save), name, Dialect.DEBIAN_12_NFT);
    }

    private static List<Element> rules(Document d) {
        List<Element> out = new ArrayList<>();
        NodeList g = d.getElementsByTagName("g");
        for (int i = 0; i < g.getLength(); i++) {
            Element e = (Element) g.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains("rule")) out.add(e);
        }
        return out;
    }

    @Test
    void ufwEnabledAfterDockerdAppendsItsJumpsAfterDockersRules() throws Exception {
        ChainDiagram c = ChainDiagram.of(CounterTable.of(recorded("04-deny-8080")), "filter", "FORWARD");
        List<ChainDiagram.Owner> owners = c.lines().stream().map(ChainDiagram.Line::owner).toList();
        List<ChainDiagram.Owner> expected = new ArrayList<>(Collections.nCopies(6, ChainDiagram.Owner.DOCKER));
        expected.addAll(Collections.nCopies(6, ChainDiagram.Owner.UFW));
        expected.add(ChainDiagram.Owner.OTHER); // the policy, drawn last
        assertEquals(expected, owners);
        assertEquals("(policy DROP)", c.lines().get(12).text());
    }

    @Test
    void aColumnMarksTheRulesThatCounted() throws Exception {
        Ruleset rs = recorded("04-deny-8080");
        CounterTable.Place fourth = new CounterTable.Place("filter", "FORWARD", 4);
        ChainDiagram c = ChainDiagram.of(CounterTable.of(rs), "filter", "FORWARD")
                .column("model", Map.of(fourth, new CounterTable.Count(1, 60)))
                .column("lab", Map.of(fourth, new CounterTable.Count(1, 60), new CounterTable.Place("filter", "FORWARD", 0), new CounterTable.Count(2, 120)))
                .title("a & b");
        Document d = FlowDiagramTest.parse(c.svg());
        List<Element> rows = rules(d);
        assertEquals(13, rows.size());
        List<String> counted = rows.stream().filter(e -> e.getAttribute("class").contains("counted")).map(e -> e.getAttribute("data-rule")).toList();
        assertEquals(List.of("4", "policy"), counted);
        assertEquals(1, c.packets("model", fourth));
        assertEquals(0, c.packets("model", new CounterTable.Place("filter", "FORWARD", 7)));
        assertThrows(IllegalArgumentException.class, () -> c.packets("nope", fourth));
        assertThrows(IllegalArgumentException.class, () -> ChainDiagram.of(CounterTable.of(rs), "filter", "NOPE"));
    }
}
