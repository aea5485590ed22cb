package org.slimlab.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's Jupyter streams. Cells write to {@link #cellOut} and {@link #cellErr}, buffered views of
 * the Jupyter streams: many small prints become one stream message per flush ({@link OutputPump} flushes
 * them every 100 ms) instead of one message each.
 */
final class KernelIO extends JupyterIO {
    private static final int BUFFER_BYTES = 1 << 16;

    /** What cells see as {@code System.out}. */
    final PrintStream cellOut;
    /** What cells see as {@code System.err}. */
    final PrintStream cellErr;

    KernelIO() {
        super(StandardCharsets.UTF_8);
        cellOut = new PrintStream(new BufferedOutputStream(out, BUFFER_BYTES), false, StandardCharsets.UTF_8);
        cellErr = new PrintStream(new BufferedOutputStream(err, BUFFER_BYTES), false, StandardCharsets.UTF_8);
    }

    /** Routes stdout, stderr, stdin and displays to the request being handled. */
    void attach(ShellReplyEnvironment env, boolean stdinEnabled) {
        setEnv(env);
        setJupyterInEnabled(stdinEnabled);
    }

    /** Publishes what the cell has printed so far. */
    void flush() {
        cellOut.flush();
        cellErr.flush();
    }

    /** Ends the routing set up by {@link #attach}, after flushing what is buffered. */
    void detach(ShellReplyEnvironment env) {
        flush();
        retractEnv(env);
    }
}
