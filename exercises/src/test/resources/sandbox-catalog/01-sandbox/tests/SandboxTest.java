package dev.nflab.exercises.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nflab.exercises.grader.Points;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SandboxTest {
    @Test @Points(3) @DisplayName("a correct answer")
    void correct() { assertEquals(42, Sandbox.correct()); }

    @Test @Points(value = 1, seconds = 2) @DisplayName("an endless loop")
    void loop() { assertEquals(1, Sandbox.loop()); }

    @Test @Points(2) @DisplayName("after the endless loop")
    void afterLoop() { assertEquals(1, 1); }

    @Test @Points(1) @DisplayName("System.exit")
    void exit() { assertEquals(2, Sandbox.exit()); }

    @Test @Points(2) @DisplayName("after System.exit")
    void afterExit() { assertEquals(1, 1); }

    @Test @Points(1) @DisplayName("an exception")
    void boom() { assertEquals(3, Sandbox.boom()); }
}
