package dev.nflab.exercises.broken;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nflab.exercises.grader.Points;
import org.junit.jupiter.api.Test;

class BrokenTest {
    @Test @Points(4)
    void value() { assertEquals(1, Broken.value()); }
}
