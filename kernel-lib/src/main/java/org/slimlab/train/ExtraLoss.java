package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * An additional loss term computed from the same batch (distillation adds its terms here). Like the parts of the
 * detection loss, the term is a per-image value: the trainer adds it times the batch size to the loss before the
 * backward pass, and logs it as it is, beside {@code train/box_loss} and the others, as {@code train/<name>}.
 */
public interface ExtraLoss {

    /** Column name of the term. */
    String name();

    /**
     * Called once the student is built and initialised (new runs and resumes alike), before the optimizer is
     * made, with autograd off: the place to load what the term compares against (a teacher) and to create the
     * parts it trains ({@link #trainable()}), in {@code manager} so that they live as long as the run.
     *
     * @param student the model being trained
     * @param manager the trainer's manager (on the training device)
     */
    default void attach(Block student, NDManager manager) {
    }

    /**
     * A block trained together with the student (e.g. distillation adapters), or null. Its parameters join the
     * optimizer, gradient clipping and checkpoints, but not the run's weights files. Read after {@link #attach}.
     */
    default Block trainable() {
        return null;
    }

    /**
     * The term per image, a scalar connected to the student's graph (autograd is on).
     *
     * @param images the input batch {@code (N, 3, H, W)}
     * @param outputs the student's raw head outputs
     * @param batch the batch
     * @param step where the step is
     */
    NDArray compute(NDArray images, NDList outputs, TrainBatch batch, StepInfo step);
}
