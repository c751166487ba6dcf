package dev.nflab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nflab.iptables.IptablesException;
import dev.nflab.testing.Recorded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The traffic line {@code wait SECONDS}: the model's parser takes exactly what the lab's own
 * parser (lab/lib.sh, which runs the scenario on real Docker) takes, and refuses the rest with a
 * located one-line error.
 */
class ScenarioWaitLineTest {

    @ParameterizedTest(name = "wait {0}")
    @ValueSource(strings = {"0.3", "5", "5.0", "0.001", "4.999", "1", "0", "0.0", "5.1", "6", "1.2345", "abc", ".3",
            "0.3 x", "-1", ""})
    void acceptedExactlyAsTheLabAcceptsIt(String seconds, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("w.scenario");
        Files.writeString(file, "dockerd\n--- traffic\nwait " + seconds + "\npeer udp 172.31.37.164 5353 abc\n");
        Process bash;
        try {
            bash = new ProcessBuilder("bash", "-c", ". lab/lib.sh; parse_file \"$1\" scenario", "_", file.toString())
                    .directory(Recorded.root().toFile()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no bash: " + e.getMessage());
            return;
        }
        bash.getInputStream().readAllBytes();
        assumeTrue(bash.waitFor(30, TimeUnit.SECONDS), "lab/lib.sh did not answer");
        boolean labAccepts = bash.exitValue() == 0;

        boolean modelAccepts;
        try {
            Scenario s = Scenario.read(file);
            modelAccepts = true;
            assertEquals("wait " + seconds, s.actions().get(0).toString());
        } catch (IptablesException e) {
            modelAccepts = false;
            assertEquals(file + ":3: wait takes SECONDS (more than 0, at most 5, up to 3 decimals)", e.getMessage());
        }
        assertEquals(labAccepts, modelAccepts, "lab/lib.sh " + (labAccepts ? "accepts" : "refuses") + " `wait " + seconds + "'");
    }
}
