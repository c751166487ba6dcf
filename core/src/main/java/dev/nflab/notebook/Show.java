package dev.nflab.notebook;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rich output for the kit's notebooks, portable across Java kernels.
 *
 * <p>A notebook cell calls, for example, {@code Show.html("<b>hi</b>")}, {@code Show.svg(svgText)} or
 * {@code Show.table(header, rows)}. Each call publishes one Jupyter {@code display_data} message whose
 * bundle holds {@code text/html} (the picture or table) and {@code text/plain} (a short fallback).
 * SVG is sent <em>inside</em> {@code text/html}, never as {@code image/svg+xml}, because nbconvert 6.5
 * drops {@code image/svg+xml} in its HTML export.
 *
 * <p>How the display is reached, tried in this order (the first that is present wins):
 * <ol>
 *   <li>the nflab kernel: static {@code dev.nflab.kernel.Display.display(Map<String,String>)};</li>
 *   <li>a stock IJava kernel: {@code io.github.spencerpark.ijava.IJava.getKernelInstance()} and its
 *       {@code display(DisplayData)};</li>
 *   <li>no kernel (plain JShell, a test, a CLI): the {@code text/plain} fallback is printed to
 *       {@code System.out}.</li>
 * </ol>
 * Only reflection is used, so this class depends on nothing but the JDK. The kit's core jar ships it
 * (with {@link #pre}); the kernel's {@code nflab-kernel-notebook.jar} holds the same class without
 * {@code pre}, for class paths that lack core. Core comes first on the kernelspec's class path.
 */
public final class Show {

    private static final String NFLAB_DISPLAY = "dev.nflab.kernel.Display";
    private static final String IJAVA = "io.github.spencerpark.ijava.IJava";
    private static final String IJAVA_DISPLAY_DATA = "io.github.spencerpark.jupyter.kernel.display.DisplayData";

    private Show() {
    }

    /** Shows an HTML fragment; its text/plain fallback is the fragment's text without tags. */
    public static void html(String html) {
        html(html, plainOf(html));
    }

    /** Shows an HTML fragment with the given text/plain fallback. */
    public static void html(String html, String plainText) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", plainText == null ? "" : plainText);
        bundle.put("text/html", html == null ? "" : html);
        publish(bundle);
    }

    /**
     * Shows preformatted text (a command's listing) in a monospace block; the text/plain fallback is
     * the text itself. Lines keep their spacing and tabs.
     */
    public static void pre(String text) {
        html("<pre style=\"font-size:12px;line-height:1.3;margin:0\">" + escape(text) + "</pre>", text);
    }

    /** Shows an inline SVG picture (an {@code <svg ...>...</svg>} element), sent as text/html. */
    public static void svg(String svg) {
        svg(svg, "[SVG picture]");
    }

    /** Shows an inline SVG picture with the given text/plain fallback (e.g. a caption). */
    public static void svg(String svg, String plainText) {
        html("<div class=\"nflab-svg\">" + svg + "</div>", plainText);
    }

    /**
     * Shows a table. Cells are rendered with {@link String#valueOf(Object)} and HTML-escaped; the
     * text/plain fallback is the same table with aligned columns.
     */
    public static void table(List<?> header, List<? extends List<?>> rows) {
        StringBuilder h = new StringBuilder("<table class=\"nflab-table\">\n<thead><tr>");
        for (Object c : header) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<?> row : rows) {
            h.append("<tr>");
            for (Object c : row) {
                h.append("<td>").append(escape(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>");
        html(h.toString(), plainTable(header, rows));
    }

    /** HTML-escapes {@code String.valueOf(value)} ({@code & < > " '}). */
    public static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(ch);
            }
        }
        return b.toString();
    }

    /** Which display path {@link #html} uses here: {@code "nflab"}, {@code "ijava"} or {@code "stdout"}. */
    public static String backend() {
        if (nflabDisplay() != null) {
            return "nflab";
        }
        if (ijavaKernel() != null) {
            return "ijava";
        }
        return "stdout";
    }

    // ------------------------------------------------------------------------------------------

    private static void publish(Map<String, String> bundle) {
        // Text printed earlier in the cell must appear before the picture.
        System.out.flush();
        System.err.flush();
        try {
            Method nflab = nflabDisplay();
            if (nflab != null) {
                nflab.invoke(null, bundle);
                return;
            }
            Object ijava = ijavaKernel();
            if (ijava != null) {
                Class<?> dataClass = Class.forName(IJAVA_DISPLAY_DATA, true, ijava.getClass().getClassLoader());
                Object data = dataClass.getConstructor().newInstance();
                Method put = dataClass.getMethod("putData", String.class, Object.class);
                for (Map.Entry<String, String> e : bundle.entrySet()) {
                    put.invoke(data, e.getKey(), e.getValue());
                }
                ijava.getClass().getMethod("display", dataClass).invoke(ijava, data);
                return;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("could not display rich output: " + cause, cause);
        }
        PrintStream out = System.out;
        out.println(bundle.get("text/plain"));
        out.flush();
    }

    private static Method nflabDisplay() {
        Class<?> c = find(NFLAB_DISPLAY);
        if (c == null) {
            return null;
        }
        try {
            Method m = c.getMethod("display", Map.class);
            Object active = c.getMethod("isActive").invoke(null);
            return Boolean.TRUE.equals(active) ? m : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Object ijavaKernel() {
        Class<?> c = find(IJAVA);
        if (c == null) {
            return null;
        }
        try {
            return c.getMethod("getKernelInstance").invoke(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Class<?> find(String name) {
        List<ClassLoader> loaders = new ArrayList<>(3);
        loaders.add(ClassLoader.getSystemClassLoader());
        loaders.add(Thread.currentThread().getContextClassLoader());
        loaders.add(Show.class.getClassLoader());
        for (ClassLoader l : loaders) {
            if (l == null) {
                continue;
            }
            try {
                return Class.forName(name, true, l);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return null;
    }

    static String plainOf(String html) {
        if (html == null) {
            return "";
        }
        String text = html.replaceAll("(?s)<(script|style)\\b.*?</\\1>", " ")
                .replaceAll("(?s)<svg\\b.*?</svg>", " [SVG picture] ")
                .replaceAll("(?s)<[^>]*>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&nbsp;", " ").replace("&amp;", "&")
                .replaceAll("\\s+", " ").trim();
        return text.length() > 400 ? text.substring(0, 397) + "..." : text;
    }

    static String plainTable(List<?> header, List<? extends List<?>> rows) {
        List<List<String>> all = new ArrayList<>();
        List<String> h = new ArrayList<>();
        header.forEach(c -> h.add(String.valueOf(c)));
        all.add(h);
        for (List<?> row : rows) {
            List<String> r = new ArrayList<>();
            row.forEach(c -> r.add(String.valueOf(c)));
            all.add(r);
        }
        int cols = all.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < all.size(); n++) {
            List<String> r = all.get(n);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + Math.max(1, width[i]) + "s", r.get(i)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (n == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < cols; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(Math.max(1, width[i])));
                }
                b.append(rule).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}
