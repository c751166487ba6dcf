package dev.nflab.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.Map;

/**
 * The kernel side of {@code dev.nflab.notebook.Show}: user code reaches it by reflection through the
 * system class loader, passing only JDK types (a MIME type to content map), so user code and the
 * kernel share no classes.
 */
public final class Display {

    private static volatile NflabKernel kernel;

    private Display() {
    }

    static void attach(NflabKernel k) {
        kernel = k;
    }

    static void detach(NflabKernel k) {
        if (kernel == k) {
            kernel = null;
        }
    }

    /** True while a kernel is running in this JVM. */
    public static boolean isActive() {
        return kernel != null;
    }

    /** Publishes one display_data message with the given MIME bundle (e.g. text/html and text/plain). */
    public static void display(Map<String, String> bundle) {
        NflabKernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("no nflab kernel is running");
        }
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        System.out.flush();
        System.err.flush();
        k.display(data);
    }
}
