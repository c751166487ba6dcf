package dev.nflab.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aMarkWithoutItsClaimAWrongDeclarationAndAMissingRuleAreProblems(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("notebooks"));
        Files.writeString(root.resolve("notebooks/01-x.ipynb"), """
                {"cells": [
                 {"cell_type": "markdown", "metadata": {}, "source": ["## A section"]},
                 {"cell_type": "code", "metadata": {"nflab": {"covers": ["nat DOCKER 2"]}}, "source": ["Claims.check(\\"it moved\\", true);"]},
                 {"cell_type": "code", "metadata": {"nflab": {"covers": ["nat DOCKER 9"]}}, "source": ["SeedRules.counted(\\"nat DOCKER 9\\", t);"]},
                 {"cell_type": "code", "metadata": {"nflab": {"covers": ["nat OUTPUT 1"]}}, "source": ["SeedRules.counted(\\"nat OUTPUT 1\\", t);"]}
                ]}
                """);
        Path ex = Files.createDirectories(root.resolve("exercises/catalog/01-x/solution"));
        Files.writeString(ex.resolve("answers.txt"), "exercise: 01-x\nQ1: nat:DOCKER#1\nQ2: nat:OUTPUT#1\n");
        Files.writeString(ex.resolve("seed-rules.txt"), "# comment\nnat DOCKER 2: Q1\nnat OUTPUT 1: Q2, Q3\nnat OUTPUT 1 Q2\n");
        RuleCoverage c = RuleCoverage.of(root);
        List<String> p = c.problems();
        assertTrue(p.stream().anyMatch(l -> l.startsWith("01-x.ipynb cell 1 covers nat DOCKER 2 but does not claim it counted")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("01-x.ipynb cell 2 covers `nat DOCKER 9', not one of the seed's rules")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("seed-rules.txt:2: Q1's reference answer (`nat:DOCKER#1') does not name nat:DOCKER#2")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("seed-rules.txt:3: Q3 has no reference answer")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("seed-rules.txt:4: `nat OUTPUT 1 Q2': write")), p.toString());
        assertTrue(p.contains("filter FORWARD 6: no notebook cell makes it count (metadata.nflab.covers)"), p.toString());
        assertTrue(p.contains("filter FORWARD 6: no exercise grades it (exercises/catalog/NN-name/solution/seed-rules.txt)"), p.toString());
        assertEquals(List.of(new RuleCoverage.Cell("01-x.ipynb", 3, "A section")), c.cells("nat OUTPUT 1"));
        assertTrue(c.markdown().contains("| nat OUTPUT 1 | `-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER` | `01-x` cell 3 (A section) | 01 Q2, Q3 |"), c.markdown());
    }
}
