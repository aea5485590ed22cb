package org.slimlab.train;

/**
 * Where a training step is.
 *
 * @param epoch the epoch, from 0
 * @param epochs the number of epochs
 * @param batch the batch within the epoch, from 0
 * @param batches batches per epoch
 * @param globalBatch {@code batch + batches * epoch}
 */
public record StepInfo(int epoch, int epochs, int batch, int batches, long globalBatch) {
}
