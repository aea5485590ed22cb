package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * An additional loss term computed from the same batch (distillation adds its terms here). Its value is added
 * to the detection loss before the backward pass and logged as the column {@code train/<name>}.
 */
public interface ExtraLoss {

    /** Column name of the term. */
    String name();

    /**
     * The term, a scalar connected to the student's graph (autograd is on).
     *
     * @param images the input batch {@code (N, 3, H, W)}
     * @param outputs the student's raw head outputs
     * @param batch the batch
     * @param step where the step is
     */
    NDArray compute(NDArray images, NDList outputs, TrainBatch batch, StepInfo step);
}
