package dev.nflab.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nflab.iptables.IptablesSave;
import dev.nflab.testing.Recorded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded Docker case: the script run through the Docker model gives exactly the rules
 * real Docker 20.10 left (iptables-save, no counters, no comments), with the names Docker picks at
 * random (br-&lt;12 hex&gt;) mapped by order of first appearance. When Docker refused a line (the
 * lab's NAME.error), the model refuses the same line with the same first line of stderr (container
 * ids mapped likewise), and the rules are those the script left up to there.
 */
class DockerRulesRecordedTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        Path recorded = Recorded.data().resolve("real-docker-20.10/docker-rules");
        try (Stream<Path> s = Files.list(recorded)) {
            s.filter(p -> p.toString().endsWith(".docker")).sorted().forEach(script -> cases.add(Arguments.of(
                    "real-docker-20.10/" + script.getFileName(), script,
                    script.resolveSibling(script.getFileName().toString().replace(".docker", ".expected")),
                    null, HostLayout.LAB_NFT)));
        }
        for (LabRecordings.Case c : LabRecordings.cases()) {
            cases.add(Arguments.of(c.label(), c.script(), c.expected(), c.error(), c.layout()));
        }
        assertFalse(cases.isEmpty(), "no recorded Docker cases found");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rulesAreDockers(String name, Path script, Path expected, Path error, HostLayout layout) throws Exception {
        DockerHost docker;
        try {
            docker = DockerScript.run(Recorded.read(script), script.toString(), layout);
            if (error != null) fail(name + ": real Docker refused " + Recorded.read(error).strip() + "; the model ran it all");
        } catch (DockerScript.ScriptException e) {
            if (error == null) throw e;
            assertEquals(Names.normalize(Recorded.read(error).strip()),
                    Names.normalize("line " + e.line() + ": " + e.reason()), name + ": Docker's refusal");
            docker = e.docker();
            assertNotNull(docker, name);
        }
        // iptables-save prints a chain's policy counters even without -c; the host's own
        // background packets while recording (IGMP, router solicitations) move them, and they
        // are not part of Docker's rules: compare the chain lines without them.
        String real = Recorded.read(expected).replaceAll("(?m)^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1 [0:0]");
        // An empty iptables-save (--iptables=false on nf_tables) is an empty file.
        String measured = Names.normalize(real.isBlank() ? "" : Recorded.withoutComments(real));
        String model = IptablesSave.write(docker.ruleset(), false, null);
        // Where real Docker may write a container's port rules in another order, the recording may
        // hold any of the orders the model says are possible (and no other).
        for (String variant : variants(model, docker.openOrders())) {
            if (Names.normalize(variant).equals(measured)) return;
        }
        assertEquals(measured, Names.normalize(model), name);
    }

    /** The model's text with each open container's port rules in each of their possible orders. */
    static List<String> variants(String model, List<OpenOrder> open) {
        List<String> texts = new ArrayList<>(List.of(model));
        for (OpenOrder o : open) {
            List<String> next = new ArrayList<>();
            for (String t : texts) {
                for (List<Integer> order : o.orders()) next.add(o.reorder(t, order));
            }
            texts = next;
        }
        return texts;
    }
}
