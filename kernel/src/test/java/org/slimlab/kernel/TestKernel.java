package org.slimlab.kernel;

import org.slimlab.kernel.execution.EvalResult;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A started kernel without a Jupyter connection; runs cells and captures what they print. */
final class TestKernel implements AutoCloseable {
    final JavaKernel kernel;
    private int count;

    TestKernel() {
        this(new JavaKernelBuilder());
    }

    TestKernel(JavaKernelBuilder builder) {
        kernel = builder.build();
        kernel.onStartup();
        kernel.evaluator().awaitStartup();
    }

    /** Runs a cell as In [n]. */
    EvalResult run(String code) {
        count++;
        kernel.beginCell();
        return kernel.runCell(code, "In [" + count + "]", 1);
    }

    /** The value of the cell's result; fails when the cell has none. */
    Object value(String code) {
        EvalResult r = run(code);
        if (!r.present()) {
            throw new AssertionError("no result from: " + code);
        }
        return r.value();
    }

    /** What the cell printed on stdout. */
    String stdout(String code) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            run(code);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kernel.onShutdown(false);
    }
}
