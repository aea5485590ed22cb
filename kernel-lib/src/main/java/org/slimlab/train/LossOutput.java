package org.slimlab.train;

import ai.djl.ndarray.NDArray;

/**
 * One loss evaluation.
 *
 * @param total the scalar to back-propagate (the gain-weighted sum of the parts times the batch size, as the
 *     reference trainers do)
 * @param parts the gain-weighted parts before the batch-size factor, detached, in {@link DetectionLoss#partNames()}
 *     order
 */
public record LossOutput(NDArray total, float[] parts) {
}
