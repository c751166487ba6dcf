package dev.nflab.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11 item 6: every rule Docker writes in the seed has a notebook cell where a packet makes it
 * count and an exercise that grades it, and notebooks/README.md's table says so. The table is
 * generated: {@code NFLAB_WRITE_COVERAGE=1 mvn -q -o -pl core test -Dtest=RuleCoverageTest} rewrites it.
 */
class RuleCoverageTest {

    @Test
    void everySeedRuleHasACellAndAnExerciseAndTheReadmeTableIsCurrent() throws Exception {
        Path root = Kit.root();
        RuleCoverage c = RuleCoverage.of(root);
        System.out.println("rule coverage: " + SeedRules.names().size() + " rules of the seed\n" + c.markdown());
        assertTrue(c.problems().isEmpty(), "rule coverage:\n  " + String.join("\n  ", c.problems()));
        Path readme = root.resolve("notebooks/README.md");
        String text = Files.readString(readme);
        String current = c.rewrite(text);
        if (System.getenv("NFLAB_WRITE_COVERAGE") != null && !current.equals(text)) {
            Files.writeString(readme, current);
            text = current;
        }
        assertEquals(current, text, "notebooks/README.md's rule coverage table is stale: "
                + "NFLAB_WRITE_COVERAGE=1 mvn -q -o -pl core test -Dtest=RuleCoverageTest rewrites it");
    }
}
