package dev.nflab.notebook;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClaimsTest {

    private static String captured(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } catch (AssertionError e) {
            System.out.println("thrown: " + e.getMessage());
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void aTrueClaimIsTicked() {
        assertEquals("✓ nat DOCKER 2 counts the SYN only\n", captured(() -> Claims.check("nat DOCKER 2 counts the SYN only", true)));
    }

    @Test
    void aFalseClaimIsCrossedAndFails() {
        assertThrows(AssertionError.class, () -> Claims.check("x", false));
        assertEquals("✗ FORWARD's policy counts nothing (found: 3)\nthrown: ✗ FORWARD's policy counts nothing (found: 3)\n",
                captured(() -> Claims.check("FORWARD's policy counts nothing", false, 3)));
    }

    @Test
    void equalComparesNumbersByValue() {
        assertEquals("✓ one SYN\n", captured(() -> Claims.equal("one SYN", 1, 1L)));
        assertEquals("✗ one SYN (expected 1, found 2)\nthrown: ✗ one SYN (expected 1, found 2)\n",
                captured(() -> Claims.equal("one SYN", 1, 2L)));
        assertEquals("✓ same list\n", captured(() -> Claims.equal("same list", java.util.List.of("a"), java.util.List.of("a"))));
    }
}
