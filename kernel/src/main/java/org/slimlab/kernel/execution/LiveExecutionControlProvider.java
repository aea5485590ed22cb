package org.slimlab.kernel.execution;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/** Hands JShell the in-process {@link LiveExecutionControl} and keeps it for the evaluator. */
final class LiveExecutionControlProvider implements ExecutionControlProvider {
    private final CellThread cellThread;
    private LiveExecutionControl control;

    LiveExecutionControlProvider(CellThread cellThread) {
        this.cellThread = cellThread;
    }

    @Override
    public String name() {
        return "slimlab-live";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new LiveExecutionControl(cellThread);
        return control;
    }

    LiveExecutionControl control() {
        return control;
    }
}
