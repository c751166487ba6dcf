package dev.nflab.docker;

import dev.nflab.testing.Recorded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The lab's recordings of its Docker cases, as lab/docker-rules.sh writes them (run through
 * lab/run-all.sh --docker-only into lab/recorded/docker-rules/BACKEND/):
 *
 * <pre>
 * BACKEND/NAME/NAME.docker      the script that ran (a copy of lab/docker-cases/NAME.docker)
 * BACKEND/NAME/NAME.expected    iptables-save right after it, no counters, no '#' lines
 * BACKEND/NAME/NAME.error       only if Docker refused a line: "line N: " and its first stderr line
 * BACKEND/NAME/ip-addr.json, ip-route.json, bridge-link.json, ip-a.txt, netstat-tlnp.txt, ...
 * </pre>
 *
 * lab/run-all.sh puts them in one of two places, both read here: lab/recorded/docker-rules/BACKEND/
 * (run with --docker-only into that directory) or lab/recorded/BACKEND/docker-rules/ (a whole-library
 * run into lab/recorded/BACKEND, next to the scenarios).
 *
 * lab/recorded/order/docker-rules/BACKEND/ holds recordings kept because their rules came in
 * another of the orders real Docker may take (lab/recorded/order/README.md).
 *
 * The recordings' root can be pointed elsewhere with {@code -Dnflab.dockerRecordings=DIR} (a
 * directory holding nft/ and/or legacy/), e.g. a fresh run under lab/out/.
 */
final class LabRecordings {
    private LabRecordings() {}

    /** One recorded case. {@code error} is null when every line of the script ran. */
    record Case(String name, String backend, HostLayout layout, Path dir, Path script, Path expected, Path error) {
        String label() {
            return "lab/" + backend + "/" + name;
        }

        Path file(String f) {
            return dir.resolve(f);
        }

        @Override public String toString() {
            return label();
        }
    }

    static Path root() {
        String prop = System.getProperty("nflab.dockerRecordings");
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
        return Recorded.root().resolve("lab/recorded/docker-rules");
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        for (String backend : List.of("nft", "legacy")) {
            for (Path dir : List.of(root().resolve(backend),
                    Recorded.root().resolve("lab/recorded").resolve(backend).resolve("docker-rules"),
                    Recorded.root().resolve("lab/recorded/order/docker-rules").resolve(backend))) {
                dir = dir.toAbsolutePath().normalize();
                if (!Files.isDirectory(dir) || seen.contains(dir)) continue;
                seen.add(dir);
                addCases(cases, backend, dir);
            }
        }
        return cases;
    }

    private static void addCases(List<Case> cases, String backend, Path dir) {
        {
            HostLayout layout = backend.equals("nft") ? HostLayout.LAB_NFT : HostLayout.LAB_LEGACY;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path caseDir : s.filter(Files::isDirectory).sorted().toList()) {
                    String name = caseDir.getFileName().toString();
                    Path expected = caseDir.resolve(name + ".expected");
                    if (!Files.isRegularFile(expected)) continue;
                    // The copy of the script that ran; the library's script if the copy is missing.
                    Path script = caseDir.resolve(name + ".docker");
                    if (!Files.isRegularFile(script)) script = Recorded.root().resolve("lab/docker-cases/" + name + ".docker");
                    if (!Files.isRegularFile(script)) continue;
                    Path error = caseDir.resolve(name + ".error");
                    cases.add(new Case(name, backend, layout, caseDir, script, expected,
                            Files.isRegularFile(error) ? error : null));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static List<Arguments> dockerRuleCases() {
        return cases().stream().map(c -> Arguments.of(c.label(), c.script(), c.expected(), c.layout())).toList();
    }
}
