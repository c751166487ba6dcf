package dev.nflab.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluation without a Jupyter connection: JShell, the snippet loader and the error formatting. */
class NflabKernelTest {

    private static NflabKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new NflabKernel(new ClassPath());
        kernel.startShellInBackground();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    private static String text(DisplayData d) {
        return d == null ? null : String.valueOf(d.getData(MIMEType.parse("text/plain")));
    }

    @Test
    void stateRecordsAndValuesAcrossCells() throws Exception {
        assertNull(kernel.eval("int k = 40;"));
        kernel.eval("record P(String proto, int port) { String label() { return port + \"/\" + proto; } }");
        assertEquals("\"80/tcp\"", text(kernel.eval("k += 2;\nvar p = new P(\"tcp\", 80);\np.label()")));
        assertEquals("42", text(kernel.eval("k")));
    }

    @Test
    void defaultImportsAreIJavas() throws Exception {
        assertEquals("[1, 2]", text(kernel.eval("new ArrayList<>(List.of(1, 2))")));
        CellError e = assertThrows(CellError.class, () -> kernel.eval("Stream.of(1)"));
        assertTrue(e.getMessage().contains("cannot find symbol"), e.getMessage());
    }

    @Test
    void aFalseClaimIsAShortJavaException() {
        CellError e = assertThrows(CellError.JavaException.class,
                () -> kernel.eval("int q = 3;\n\nif (q != 4) throw new AssertionError(\"q is \" + q);"));
        assertEquals("java.lang.AssertionError: q is 3", e.getMessage());
        assertEquals(List.of("java.lang.AssertionError: q is 3", "    at <cell>, cell line 3"), e.traceback());
    }

    @Test
    void compileErrorsPointAtTheCellLine() {
        CellError e = assertThrows(CellError.CompileError.class, () -> kernel.eval("int a = 1;\nnoSuchMethod(a);"));
        assertEquals("Compile error at cell line 2: cannot find symbol", e.traceback().get(0));
        assertEquals("    noSuchMethod(a);", e.traceback().get(1));
        assertEquals("    ^^^^^^^^^^^^", e.traceback().get(2));
    }

    @Test
    void incompleteCellsAreReported() {
        assertThrows(CellError.IncompleteInput.class, () -> kernel.eval("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    void kernelLibrariesAreNotVisibleToCells() {
        CellError e = assertThrows(CellError.CompileError.class, () -> kernel.eval("org.zeromq.ZMQ.class"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void printingGoesToSystemOut() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            kernel.eval("System.out.print(\"a\"); System.out.println(\"b\");");
        } finally {
            System.setOut(old);
        }
        assertEquals("ab" + System.lineSeparator(), buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void completionComesFromJShell() throws Exception {
        assertTrue(kernel.complete("Strin", 5).getReplacements().contains("String"));
        assertEquals("complete", kernel.isComplete("int x = 1;"));
        assertEquals("invalid", kernel.isComplete("int x = ;)"));
        assertTrue(kernel.isComplete("for (int i = 0; i < 3; i++) {").isBlank());
    }
}
