package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.slimlab.train.ExtraLoss;
import org.slimlab.train.HeadSpec;
import org.slimlab.train.StepInfo;
import org.slimlab.train.TrainBatch;

/**
 * The output-distillation term {@code kd_out}: {@code weight ×} {@link OutputKd} of the student's head outputs
 * against the teacher's; 0 in the epochs where distillation is off.
 */
public final class OutputKdLoss implements ExtraLoss {
    /** Column name in {@code metrics.csv} ({@code train/kd_out}). */
    public static final String NAME = "kd_out";

    private final Teacher teacher;
    private final HeadSpec head;
    private final DistillConfig config;

    /** The term for a student with {@code head}, against {@code teacher}. */
    public OutputKdLoss(Teacher teacher, HeadSpec head, DistillConfig config) {
        this.teacher = teacher;
        this.head = head;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void attach(Block student, NDManager manager) {
        teacher.load(manager);
    }

    @Override
    public NDArray compute(NDArray images, NDList outputs, TrainBatch batch, StepInfo step) {
        if (config.offAt(step.epoch(), step.epochs())) {
            return images.getManager().zeros(new Shape());
        }
        NDList t = teacher.outputs(images).head();
        NDArray raw = head.kind() == HeadSpec.Kind.ANCHOR_BASED
                ? OutputKd.anchorBased(outputs, t, config.temperature(), config.parts())
                : OutputKd.anchorFree(outputs, t, head.regMax(), config.temperature(), config.parts());
        return raw.mul((float) config.outWeight());
    }
}
