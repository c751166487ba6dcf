package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.List;

/**
 * Test stand-in for stock IJava's entry class: same name and same static accessor, returning a kernel
 * built on the real jupyter-jvm-basekernel, so {@code Show}'s IJava path is exercised against the real
 * {@code DisplayData} and {@code BaseKernel.display} API.
 */
public final class IJava {

    public static final class RecordingKernel extends BaseKernel {
        public final List<DisplayData> shown = new ArrayList<>();

        @Override
        public void display(DisplayData data) {
            shown.add(data);
        }

        @Override
        public DisplayData eval(String expr) {
            return null;
        }

        @Override
        public LanguageInfo getLanguageInfo() {
            return new LanguageInfo.Builder("java").build();
        }
    }

    private static RecordingKernel kernel;

    private IJava() {
    }

    public static BaseKernel getKernelInstance() {
        return kernel;
    }

    public static void set(RecordingKernel k) {
        kernel = k;
    }
}
