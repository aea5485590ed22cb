package org.slimlab.train;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * A console progress bar on one line refreshed in place ({@code \r}): epoch, bar, batch, loss parts, it/s and
 * ETA; a validation summary line after each epoch. Refreshes at most ten times a second.
 */
public final class ConsoleProgress implements TrainListener {
    private static final long MIN_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long lastPrint;
    private int lastLength;

    /** Prints to standard output. */
    public ConsoleProgress() {
        this(System.out);
    }

    public ConsoleProgress(PrintStream out) {
        this(new PrintWriter(out));
    }

    /** Prints to {@code out} (a command's output). */
    public ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onStart(TrainPlan plan) {
        out.printf("training %s: epochs %d, %d batches per epoch%s%n", plan.runDir(), plan.epochs(), plan.batches(),
                plan.startEpoch() > 0 || plan.startBatch() > 0
                        ? ", resuming at epoch " + (plan.startEpoch() + 1) + " batch " + (plan.startBatch() + 1) : "");
        out.flush();
        lastPrint = 0;
        lastLength = 0;
    }

    @Override
    public void onStep(StepReport r) {
        long now = System.nanoTime();
        boolean last = r.step().batch() + 1 == r.step().batches();
        if (!last && now - lastPrint < MIN_NANOS) {
            return;
        }
        lastPrint = now;
        String line = ProgressText.line(r);
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        if (last) {
            out.println();
            lastLength = 0;
        }
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> row) {
        out.println("      " + ProgressText.epochSummary(row));
        out.flush();
    }

    @Override
    public void onFinish(TrainResult r) {
        if (lastLength > 0) {
            out.println();
        }
        out.printf("%s after %d epochs; weights in %s%n", r.stopped() ? "stopped" : "finished", r.epochsDone(),
                new RunDir(r.runDir()).weights());
        out.flush();
    }
}
