package dev.nflab.ufw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Every ufw case the lab recorded with real ufw 0.36.2 next to real Docker 20.10, on both back
 * ends ({@code lab/recorded/ufw-rules/{nft,legacy}/NAME/}): the model, from the script's ufw lines,
 * prints what ufw printed (ufw-output.txt), refuses the same line with the same words (NAME.error),
 * and leaves ufw's files as ufw left them: user.rules, user6.rules, ufw.conf, /etc/default/ufw; and
 * {@code ufw status verbose} afterwards prints what it printed (ufw-status.txt).
 */
class UfwRecordedTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("nft", "legacy")) {
            Path dir = Recorded.root().resolve("lab/recorded/ufw-rules").resolve(backend);
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isDirectory).sorted().forEach(c -> cases.add(Arguments.of(backend + "/" + c.getFileName(), c)));
            }
        }
        assertFalse(cases.isEmpty(), "no recorded ufw cases");
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ufwAsRecorded(String name, Path dir) throws Exception {
        String base = dir.getFileName().toString();
        Path script = dir.resolve(base + ".docker");
        UfwScript.Outcome o = UfwScript.run(Recorded.read(script), script.toString(), Recorded.data());
        assertEquals(Recorded.read(dir.resolve("ufw-output.txt")), o.transcript(), name + ": what ufw printed");
        Path error = dir.resolve(base + ".error");
        if (Files.exists(error)) {
            assertEquals(Recorded.read(error).strip(), o.error(), name + ": ufw's refusal");
        } else {
            assertEquals(null, o.error(), name);
        }
        assertEquals(Recorded.read(dir.resolve("user.rules")), o.ufw().userRules(), name + ": user.rules");
        assertEquals(Recorded.read(dir.resolve("user6.rules")), o.ufw().user6Rules(), name + ": user6.rules");
        assertEquals(Recorded.read(dir.resolve("ufw.conf")), o.ufw().confFile(), name + ": ufw.conf");
        assertEquals(Recorded.read(dir.resolve("default-ufw")), o.ufw().defaultsFile(), name + ": /etc/default/ufw");
        assertTrue(o.transcript().startsWith("$ ufw "), name);
        // the lab's last word: ufw status verbose (stdout, its newline included)
        assertEquals(Recorded.read(dir.resolve("ufw-status.txt")), o.ufw().run(List.of("status", "verbose")).output() + "\n",
                name + ": ufw status verbose");
    }
}
