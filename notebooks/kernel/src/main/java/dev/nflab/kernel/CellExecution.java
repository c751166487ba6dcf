package dev.nflab.kernel;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/** JShell execution in the kernel's own JVM ({@link LocalExecutionControl}) with the {@link SnippetLoader}. */
final class CellExecution implements ExecutionControlProvider {

    private final SnippetLoader loader;

    CellExecution(SnippetLoader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "nflab-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new LocalExecutionControl(loader);
    }
}
