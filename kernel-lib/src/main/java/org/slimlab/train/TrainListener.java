package org.slimlab.train;

import java.util.Map;

/** Receives training progress (console bar, notebook bar and plot, loggers). All methods run on the training thread. */
public interface TrainListener {

    /** Before the first batch (also after a resume). */
    default void onStart(TrainPlan plan) {
    }

    /** After every batch. */
    default void onStep(StepReport step) {
    }

    /**
     * After every epoch, with its {@code metrics.csv} row.
     *
     * @param epoch the epoch just finished, from 0
     * @param row column name to value, {@code epoch} first (1-based), {@code time} last
     */
    default void onEpochEnd(int epoch, Map<String, Double> row) {
    }

    /** When the run ends: finished, stopped on request, or (before the exception) stopped on a non-finite loss. */
    default void onFinish(TrainResult result) {
    }
}
