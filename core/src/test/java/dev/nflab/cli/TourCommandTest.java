package dev.nflab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nflab.testing.Recorded;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./nflab tour --scene 3} shows the walkthrough's nat and filter listings after nginx starts
 * as the walkthrough shows them (data/seed/walkthrough.md; its copies lost iptables' trailing
 * spaces, so lines are compared without them).
 */
class TourCommandTest {

    @Test
    void sceneThreeShowsTheWalkthroughsListingsAfterDockerRun() {
        String tour = run("tour", "--scene", "3");
        List<String> blocks = nginxListings();
        assertEquals(2, blocks.size(), "the walkthrough's nat and filter listings after docker run");
        String shown = stripped(tour);
        for (String block : blocks) {
            assertTrue(shown.contains(block), "the tour lacks the walkthrough's listing:\n" + block + "\n--- tour:\n" + tour);
        }
    }

    /** The iptables listings in the code blocks after the heading "Start an nginx container", command line dropped. */
    private static List<String> nginxListings() {
        String md = Recorded.read(Recorded.data().resolve("seed/walkthrough.md"));
        String after = md.substring(md.indexOf("## Start an nginx container"));
        List<String> blocks = new ArrayList<>();
        String[] parts = after.split("```");
        for (int i = 1; i < parts.length; i += 2) {
            String code = parts[i].substring(parts[i].indexOf('\n') + 1);
            String first = code.lines().findFirst().orElse("");
            if (!first.replaceFirst("^root@[^#]*# ", "").startsWith("iptables -L")) continue;
            String body = code.substring(code.indexOf('\n') + 1);
            blocks.add(stripped(body).strip());
        }
        return blocks;
    }

    private static String stripped(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) b.append(line.stripTrailing()).append('\n');
        return b.toString();
    }

    private static String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(args));
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
