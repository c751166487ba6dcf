package dev.nflab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.exercises.support.Captures;
import dev.nflab.exercises.support.Lab;
import dev.nflab.host.KernelFlavour;
import dev.nflab.host.Route;
import dev.nflab.iptables.IptablesSave;
import dev.nflab.packet.Ipv4;
import dev.nflab.snapshot.Replay;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The graded answers are the kernel's: wherever an exercise's expected answer comes from the model
 * on a scenario that was also recorded on a real Docker 20.10 host, the model must agree with the
 * recording. Exercises 10 (s2), 12 (s3), 13 (s1) and 16 (s3) grade against these replays, 18 and
 * 20 against the replays of the lab's ufw recordings (both back ends checked); 07, 14 and 17 use the
 * Docker model, checked here against the recorded rule sets, and 19 the Docker and ufw models,
 * checked against the rules of the lab's ufw-deny-published recording; 03 uses the seed VM's local
 * routing table, checked against the walkthrough's listing.
 */
class ModelAgreesWithRecordingsTest {

    static String withoutComments(String rules) {
        StringBuilder b = new StringBuilder();
        for (String line : rules.split("\n")) if (!line.startsWith("#")) b.append(line).append('\n');
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {Captures.S1_EXTERNAL_CLIENT, Captures.S2_CONTAINER_TO_OUTSIDE,
            Captures.S3_DOCKER_USER_ALLOWLIST, Captures.S4_EXTERNAL_CLIENT_LEGACY,
            Captures.UFW_DENY_PUBLISHED_NFT, Captures.UFW_DENY_PUBLISHED_LEGACY, Captures.UFW_DENY_HOST_PORT_NFT,
            Captures.UFW_DENY_HOST_PORT_LEGACY, Captures.UFW_DOCKER_USER_ROUTE_NFT, Captures.UFW_DOCKER_USER_ROUTE_LEGACY})
    void replayGivesTheKernelsCountersAndPaths(String capture) {
        Replay replay = Captures.replay(capture);
        assertEquals(withoutComments(Captures.text(capture, "after.rules")), replay.predictedRules(),
                capture + ": the model's counters after the traffic are the kernel's");
        assertTrue(replay.traceDifferences().isEmpty(), () -> String.join("\n", replay.traceDifferences()));
    }

    @ParameterizedTest
    @EnumSource(Lab.Fixture.class)
    void theDockerModelWritesTheRecordedRules(Lab.Fixture fixture) {
        String script = switch (fixture) {
            case DAEMON_ONLY -> "01-daemon-only.docker";
            case SEED_NGINX -> "02-seed-nginx.docker";
            case TWO_CONTAINERS -> "03-two-containers.docker";
        };
        String text = new String(readResource("/fixtures/docker-rules/" + script));
        Lab lab = Lab.docker(text);
        assertEquals(fixture.text(), IptablesSave.write(lab.rules(), false, null),
                "the Docker 20.10 model reproduces the recorded " + script);
    }

    /**
     * Exercise 19's host (its ClosePortTest.HOST_SCRIPT, the host part of ufw-deny-published.scenario):
     * the Docker and ufw models write the filter and nat rules the real host had (nf_tables, before
     * the traffic; the lab's raw TRACE rules and the counters aside).
     */
    @Test
    void theDockerAndUfwModelsWriteTheRecordedUfwHost() {
        Lab lab = Lab.docker("dockerd\ndocker run -d --name web -p 8080:80 web\nufw --force enable\nufw deny 8080\n");
        assertEquals(filterAndNat(Captures.text(Captures.UFW_DENY_PUBLISHED_NFT, "before.rules")),
                filterAndNat(IptablesSave.write(lab.rules(), false, null)));
    }

    /** Exercise 20 gives the learner copies of two recordings' files: they are the recordings'. */
    @ParameterizedTest
    @ValueSource(strings = {"trace-deny-published-nft.txt=" + Captures.UFW_DENY_PUBLISHED_NFT + "/trace.txt",
            "before-deny-published-nft.rules=" + Captures.UFW_DENY_PUBLISHED_NFT + "/before.rules",
            "trace-docker-user-route-legacy.txt=" + Captures.UFW_DOCKER_USER_ROUTE_LEGACY + "/trace-legacy.txt",
            "before-docker-user-route-legacy.rules=" + Captures.UFW_DOCKER_USER_ROUTE_LEGACY + "/before.rules"})
    void exercise20sCopiesAreTheRecordings(String copy) throws Exception {
        String[] p = copy.split("=");
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("nflab.root", ".."));
        String recording = p[1].substring(0, p[1].lastIndexOf('/'));
        assertEquals(Captures.text(recording, p[1].substring(p[1].lastIndexOf('/') + 1)),
                java.nio.file.Files.readString(root.resolve("exercises/catalog/20-ufw-diagnose-trace").resolve(p[0])), copy);
    }

    /** The filter and nat tables of an iptables-save text, without comments and counters. */
    static String filterAndNat(String save) {
        StringBuilder b = new StringBuilder();
        boolean keep = false;
        for (String line : save.split("\n")) {
            if (line.startsWith("#")) continue;
            if (line.startsWith("*")) keep = line.equals("*filter") || line.equals("*nat");
            if (keep) b.append(line.replaceAll("^\\[\\d+:\\d+\\] ", "").replaceAll(" \\[\\d+:\\d+\\]$", "")).append('\n');
        }
        return b.toString();
    }

    @Test
    void theSeedVmsLocalTableIsTheWalkthroughs() {
        // `ip r show table local` on the seed's VM, as the walkthrough prints it (type and destination).
        List<String> seed = List.of("broadcast 127.0.0.0", "local 127.0.0.0/8", "local 127.0.0.1",
                "broadcast 127.255.255.255", "broadcast 172.17.0.0", "local 172.17.0.1", "broadcast 172.17.255.255",
                "broadcast 172.31.32.0", "local 172.31.37.164", "broadcast 172.31.47.255");
        List<String> model = new ArrayList<>();
        for (Route r : Lab.seedHost(KernelFlavour.UBUNTU_FOCAL_5_X).table("local")) {
            model.add(r.type().ipName() + " " + (r.destination().prefixLength() == 32
                    ? Ipv4.format(r.destination().network()) : r.destination().toString()));
        }
        assertEquals(seed, model);
    }

    static byte[] readResource(String path) {
        try (var in = ModelAgreesWithRecordingsTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }
}
