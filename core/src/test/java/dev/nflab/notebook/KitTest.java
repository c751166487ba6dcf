package dev.nflab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class KitTest {
    @Test
    void findsTheRepositoryAndItsData() {
        assertTrue(Files.isRegularFile(Kit.root().resolve("core/pom.xml")));
        assertEquals(Kit.root().resolve("data"), Kit.data());
        assertTrue(Files.isRegularFile(Kit.data().resolve("seed/walkthrough.md")));
        assertTrue(Kit.captures().contains("s1-seed-external-client"), Kit.captures().toString());
        assertTrue(Files.isRegularFile(Kit.capture("s1-seed-external-client").resolve("after.rules")));
    }

    @Test
    void listingsAreComparedWithoutTrailingSpaces() {
        String text = "intro\nChain X (policy ACCEPT)\nnum   pkts\n\nend\n";
        assertTrue(Kit.appearsIn("\nChain X (policy ACCEPT)   \nnum   pkts  \n", text));
        assertFalse(Kit.appearsIn("Chain X (policy DROP)\nnum   pkts", text));
        assertFalse(Kit.appearsIn("num   pkts\nChain X (policy ACCEPT)", text));
        assertEquals(List.of("a", "", "b"), Kit.lines("\n\na  \n\nb\n\n"));
    }
}
