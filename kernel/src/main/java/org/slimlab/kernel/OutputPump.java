package org.slimlab.kernel;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Flushes the cell's stdout and stderr every few milliseconds while it runs, so partial lines (progress
 * written with {@code print}) reach the notebook without waiting for a newline or the end of the cell.
 */
final class OutputPump implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slimlab-output");
        t.setDaemon(true);
        return t;
    });

    private final PrintStream out;
    private final PrintStream err;
    private final ScheduledFuture<?> task;

    OutputPump(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.task = TIMER.scheduleAtFixedRate(this::flush, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void flush() {
        out.flush();
        err.flush();
    }

    @Override
    public void close() {
        task.cancel(false);
        flush();
    }
}
