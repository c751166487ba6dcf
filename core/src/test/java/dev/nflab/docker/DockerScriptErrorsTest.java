package dev.nflab.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nflab.iptables.IptablesSave;
import dev.nflab.testing.Recorded;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Docker 20.10 refuses in a .docker script: the script stops at that line with the first line
 * the docker CLI prints on stderr (for {@code docker run}: {@code docker: MESSAGE.}), and nothing
 * after it runs: the host is exactly the host of the lines before. The messages are Docker's words
 * (the daemon's, and go-connections' nat.ParsePortSpec for -p, which the CLI checks before asking
 * the daemon); where the lab recorded the real refusal, that recording is the expected value.
 */
class DockerScriptErrorsTest {

    private static final String BEFORE = "dockerd\ndocker run -d --name one -p 8080:80 web\n";

    private static DockerScript.ScriptException refused(String script) {
        return assertThrows(DockerScript.ScriptException.class,
                () -> DockerScript.run(script, "case.docker", HostLayout.LAB_NFT));
    }

    /** The failing line is line 3; line 4 would start a container `after' and must not run. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown network | docker run -d --name web --network nope web"
            + " | docker: Error response from daemon: network nope not found.",
        "invalid container name | docker run -d --name a/b web"
            + " | docker: Error response from daemon: Invalid container name (a/b), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.",
        "name in use | docker run -d --name one web"
            + " | docker: Error response from daemon: Conflict. The container name \"/one\" is already in use by container"
            + " \"<id1>\". You have to remove (or rename) that container to be able to reuse that name.",
        "overlapping subnet | docker network create --subnet 172.17.0.0/16 clash"
            + " | Error response from daemon: Pool overlaps with other one on this address space",
        "malformed -p: container port | docker run -d --name web -p 80:abc web | docker: Invalid containerPort: abc.",
        "malformed -p: host port | docker run -d --name web -p 70000:80 web | docker: Invalid hostPort: 70000.",
        "malformed -p: protocol | docker run -d --name web -p 80:80/xyz web | docker: Invalid proto: xyz.",
        "malformed -p: empty | docker run -d --name web -p 80: web | docker: No port specified: 80:<empty>.",
        "malformed -p: ranges | docker run -d --name web -p 8000-8001:80-82 web"
            + " | docker: Invalid ranges specified for container and host Ports: 80-82 and 8000-8001.",
        "port already allocated | docker run -d --name two -p 8080:80 web"
            + " | docker: Error response from daemon: driver failed programming external connectivity on endpoint two"
            + " (<id1>): Bind for 0.0.0.0:8080 failed: port is already allocated.",
        "unknown network rm | docker network rm nope | Error: No such network: nope",
    })
    void refusedWithDockersWordsAndNothingAfterRuns(String what, String line, String message) throws Exception {
        DockerScript.ScriptException e = refused(BEFORE + line + "\ndocker run -d --name after -p 9090:80 web\n");
        assertEquals(3, e.line(), what);
        assertEquals(message, Names.normalize(e.reason()).replace("<id", "<id"), what);
        assertEquals("case.docker:3: " + e.reason(), e.getMessage());
        assertNull(e.docker().container("after"), "a line after the refused one ran");
        assertNull(e.docker().container("web"), "a refused docker run left a running container")
        ;
        // The host is the host of the lines before (a refused run's rules are all rolled back).
        DockerHost before = DockerScript.run(BEFORE, "before.docker", HostLayout.LAB_NFT);
        assertEquals(IptablesSave.write(before.ruleset(), false, null), IptablesSave.write(e.docker().ruleset(), false, null));
    }

    /** Where the lab recorded real Docker refusing a taken port, the model's refusal is that one. */
    @Test
    void portConflictAsRecorded() throws Exception {
        for (LabRecordings.Case c : LabRecordings.cases()) {
            if (!c.name().equals("26-port-conflict") || c.error() == null) continue;
            DockerScript.ScriptException e = refused(Recorded.read(c.script()));
            assertEquals(Names.normalize(Recorded.read(c.error()).strip()), Names.normalize("line " + e.line() + ": " + e.reason()));
        }
    }

    @Test
    void theDaemonLineIsRequired() {
        DockerScript.ScriptException e = refused("docker run -d web\n");
        assertEquals(1, e.line());
        assertNull(e.docker());
    }

    @Test
    void unknownNetworkOnTheShippedCaseFilesStillParses() throws Exception {
        Path dir = Recorded.root().resolve("lab/docker-cases");
        if (!Files.isDirectory(dir)) return;
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".docker")).toList()) {
                try {
                    DockerScript.run(Recorded.read(p), p.toString(), HostLayout.LAB_NFT);
                } catch (DockerScript.ScriptException expectedForSome) {
                    // a refused line is a result; only a crash of the model would fail here
                }
            }
        }
    }
}
