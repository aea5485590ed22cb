package org.slimlab.kernel;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Flushes the cell's stdout and stderr every 100 ms while it runs, so output (partial lines too) reaches
 * the notebook while the cell is still running, batched into few messages.
 */
final class OutputPump implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slimlab-output");
        t.setDaemon(true);
        return t;
    });

    private final KernelIO io;
    private final ScheduledFuture<?> task;

    OutputPump(KernelIO io) {
        this.io = io;
        this.task = TIMER.scheduleAtFixedRate(io::flush, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic flushing after a last flush; closing twice is harmless. */
    @Override
    public void close() {
        task.cancel(false);
        io.flush();
    }
}
