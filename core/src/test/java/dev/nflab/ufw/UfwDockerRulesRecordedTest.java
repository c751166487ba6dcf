package dev.nflab.ufw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nflab.docker.DockerHost;
import dev.nflab.docker.DockerScript;
import dev.nflab.docker.HostLayout;
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
 * Every ufw case recorded in the lab (real ufw 0.36.2 and real Docker 20.10.24, both back ends,
 * {@code lab/recorded/ufw-rules}): the script, ufw lines before and after dockerd, run through the
 * Docker model with the ufw model gives exactly the {@code iptables-save} real Docker and real ufw
 * left (no counters, no comments); a line ufw refused is refused with ufw's words.
 */
class UfwDockerRulesRecordedTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("nft", "legacy")) {
            Path dir = Recorded.root().resolve("lab/recorded/ufw-rules").resolve(backend);
            HostLayout layout = backend.equals("nft") ? HostLayout.LAB_NFT : HostLayout.LAB_LEGACY;
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).sorted().forEach(c -> cases.add(
                        Arguments.of(backend + "/" + c.getFileName(), c, layout)));
            }
        }
        assertFalse(cases.isEmpty(), "no recorded ufw cases");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rulesAreUfwsAndDockers(String name, Path dir, HostLayout layout) throws Exception {
        String base = dir.getFileName().toString();
        Path script = dir.resolve(base + ".docker");
        Path error = dir.resolve(base + ".error");
        DockerHost docker;
        try {
            docker = DockerScript.run(Recorded.read(script), script.toString(), layout);
            if (Files.exists(error)) fail(name + ": real ufw refused " + Recorded.read(error).strip() + "; the model ran it all");
        } catch (DockerScript.ScriptException e) {
            if (!Files.exists(error)) throw e;
            assertEquals(Recorded.read(error).strip(), "line " + e.line() + ": " + e.reason(), name + ": the refusal");
            docker = e.docker();
            assertNotNull(docker, name);
        }
        // as DockerRulesRecordedTest: legacy prints policy counters without -c; background moves them
        String real = Recorded.read(dir.resolve(base + ".expected")).replaceAll("(?m)^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1 [0:0]");
        assertEquals(real.isBlank() ? "" : Recorded.withoutComments(real),
                IptablesSave.write(docker.ruleset(), false, null), name);
    }
}
