package org.slimlab.train;

import java.util.List;

/**
 * Progress after one batch.
 *
 * @param step where the batch is
 * @param lossNames loss part names
 * @param meanLoss running mean of each part over the epoch so far
 * @param learningRate current learning rate of the weight group
 * @param seconds wall seconds this session has spent in the epoch
 * @param batchesDone batches this session has trained in the epoch (for rates)
 * @param instances target rows in the batch
 * @param imgSize batch image side
 */
public record StepReport(StepInfo step, List<String> lossNames, float[] meanLoss, double learningRate, double seconds,
        int batchesDone, int instances, int imgSize) {

    /** Batches per second this session. */
    public double rate() {
        return seconds > 0 ? batchesDone / seconds : 0;
    }

    /** Estimated seconds left in the epoch. */
    public double etaSeconds() {
        double r = rate();
        return r > 0 ? (step.batches() - step.batch() - 1) / r : 0;
    }
}
