package dev.nflab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The installer's training file: the notebooks' code cells, separated by marker lines. */
class TrainingCellsTest {

    @Test
    void cellsAreSplitOnTheMarkerAndBlankCellsDropped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cells.txt");
        Files.writeString(f, "int a = 1;\nint b = 2;\n" + NflabKernel.CELL_SEPARATOR + "\n\n"
                + NflabKernel.CELL_SEPARATOR + "\nString s = \"//--not a marker\";\n" + NflabKernel.CELL_SEPARATOR + "\n",
                StandardCharsets.UTF_8);
        assertEquals(List.of("int a = 1;\nint b = 2;\n", "String s = \"//--not a marker\";\n"),
                NflabKernel.readTrainingCells(f));
    }

    @Test
    void trainingRunsCellsAndIgnoresFailingOnes() throws Exception {
        // A failing cell (an error, an exception) does not stop the training.
        new NflabKernel(new ClassPath()).train(List.of("undefined();", "throw new RuntimeException(\"x\");", "int ok = 1;"));
    }
}
