package dev.nflab.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * real Docker 20.10 left (iptables-save, no counters, no comments).
 */
class DockerRulesRecordedTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        Path shared = Recorded.shared().resolve("real-docker-20.10/docker-rules");
        try (Stream<Path> s = Files.list(shared)) {
            s.filter(p -> p.toString().endsWith(".docker")).sorted().forEach(script -> cases.add(Arguments.of(
                    "shared/" + script.getFileName(), script,
                    script.resolveSibling(script.getFileName().toString().replace(".docker", ".expected")),
                    HostLayout.LAB_NFT)));
        }
        cases.addAll(LabRecordings.dockerRuleCases());
        assertFalse(cases.isEmpty(), "no recorded Docker cases found");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rulesAreDockers(String name, Path script, Path expected, HostLayout layout) throws Exception {
        DockerHost docker = DockerScript.run(Recorded.read(script), script.toString(), layout);
        assertEquals(Recorded.withoutComments(Recorded.read(expected)),
                IptablesSave.write(docker.ruleset(), false, null), name);
    }
}
