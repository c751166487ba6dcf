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
 * The lab's recordings of its Docker cases (lab/recorded/docker-rules/BACKEND/NAME/), each with the
 * script it ran (lab/docker-cases/NAME.docker). Cases whose script Docker refused have no rules.
 */
final class LabRecordings {
    private LabRecordings() {}

    static List<Arguments> dockerRuleCases() {
        List<Arguments> cases = new ArrayList<>();
        Path root = Recorded.root();
        for (String backend : List.of("nft", "legacy")) {
            Path dir = root.resolve("lab/recorded/docker-rules").resolve(backend);
            if (!Files.isDirectory(dir)) continue;
            HostLayout layout = backend.equals("nft") ? HostLayout.LAB_NFT : HostLayout.LAB_LEGACY;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path caseDir : s.sorted().toList()) {
                    String name = caseDir.getFileName().toString();
                    Path script = root.resolve("lab/docker-cases").resolve(name + ".docker");
                    Path expected = caseDir.resolve(name + ".expected");
                    if (Files.isRegularFile(script) && Files.isRegularFile(expected)) {
                        cases.add(Arguments.of("lab/" + backend + "/" + name, script, expected, layout));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }
}
