package dev.nflab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nflab.testing.Recorded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./nflab docker-rules} as a user runs it, on every case the lab recorded with real Docker
 * 20.10 and real ufw 0.36 (lab/recorded/docker-rules and lab/recorded/ufw-rules, both back ends):
 * stdout is the recorded {@code iptables-save}, also when Docker or ufw refused a line (the rules
 * the lines before it left), and then stderr names the refusal and the exit status is 1. Real
 * Docker's random names (a user network's {@code br-} bridge, an endpoint's id) are mapped by order
 * of appearance: the command cannot know them ({@code DockerRulesRecordedTest} replays them).
 */
class DockerRulesCommandTest {
    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String kind : List.of("docker-rules", "ufw-rules")) {
            for (String backend : List.of("nft", "legacy")) {
                Path root = Recorded.root().resolve("lab/recorded/" + kind + "/" + backend);
                try (Stream<Path> dirs = Files.list(root)) {
                    dirs.filter(Files::isDirectory).sorted()
                            .forEach(d -> cases.add(Arguments.of(kind + "/" + backend + "/" + d.getFileName(), backend, d)));
                }
            }
        }
        assertFalse(cases.isEmpty(), "no recorded cases");
        return cases.stream();
    }

    /** Each distinct br-ID and 64-digit id replaced by br-N and ID-N, N by order of appearance. */
    static String randomNamesMapped(String text) {
        Map<String, String> names = new HashMap<>();
        Matcher m = RANDOM.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String kind = m.group().startsWith("br-") ? "br-" : "ID-";
            String name = names.computeIfAbsent(m.group(), k -> kind + names.size());
            m.appendReplacement(b, name);
        }
        return m.appendTail(b).toString();
    }

    private static final Pattern RANDOM = Pattern.compile("br-[0-9a-f]{12}|\\b[0-9a-f]{64}\\b");

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatTheRealHostLeft(String label, String backend, Path dir) throws IOException {
        String base = dir.getFileName().toString();
        Path script = dir.resolve(base + ".docker");
        Path error = dir.resolve(base + ".error");
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int status;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            status = Main.run(new String[] {"docker-rules", "--host=lab-" + backend, script.toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        // legacy prints policy counters even without -c, and background traffic moves them
        String real = Recorded.read(dir.resolve(base + ".expected")).replaceAll("(?m)^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1 [0:0]");
        assertEquals(randomNamesMapped(real.isBlank() ? "" : Recorded.withoutComments(real)),
                randomNamesMapped(o.toString(StandardCharsets.UTF_8)), label);
        if (Files.exists(error)) {
            assertEquals(1, status, label + ": exit status after a refusal");
            // "line N: message" as the lab recorded it; the command says "nflab: FILE:N: message"
            String recorded = Recorded.read(error).strip();
            String line = recorded.substring("line ".length(), recorded.indexOf(':'));
            String message = recorded.substring(recorded.indexOf(": ") + 2);
            assertEquals(randomNamesMapped("nflab: " + script + ":" + line + ": " + message),
                    randomNamesMapped(e.toString(StandardCharsets.UTF_8).lines()
                            .filter(l -> !l.startsWith("nflab: note:")).findFirst().orElse("")),
                    label + ": the refusal");
        } else {
            assertEquals(0, status, label + ": exit status");
        }
    }
}
