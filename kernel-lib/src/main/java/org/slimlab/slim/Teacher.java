package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import org.slimlab.model.YoloModel;

/**
 * A frozen teacher: a trained run loaded once, its parameters without gradients, run in inference mode
 * (BatchNorm uses its running statistics) with autograd recording off. Its outputs for a batch are computed once
 * and shared by every distillation term of that step.
 */
public final class Teacher {
    private final Path run;
    private int[] rows;
    private YoloModel model;
    private ParameterStore store;
    private NDArray lastImages;
    private YoloModel.Outputs last;

    /** The teacher of a run directory (loaded on {@link #load}). */
    public Teacher(Path run) {
        this.run = run;
    }

    /** The run directory. */
    public Path run() {
        return run;
    }

    /** Loads the weights into a child of {@code manager} (once); returns the frozen model. */
    public YoloModel load(NDManager manager) {
        if (model == null) {
            NDManager own = manager.newSubManager();
            model = YoloModel.load(run, own);
            model.freezeParameters(true);
            store = new ParameterStore(own, false);
        }
        return model;
    }

    /** Also returns the outputs of these rows with every later forward. */
    public void featureRows(int[] featureRows) {
        rows = featureRows.clone();
    }

    /**
     * The teacher's raw head outputs (and feature rows) for {@code images}: computed on the first call for this
     * array, then reused. The arrays belong to the images' manager.
     */
    public YoloModel.Outputs outputs(NDArray images) {
        if (images != lastImages) {
            boolean grad = JniUtils.isGradMode();
            JniUtils.setGradMode(false);
            try {
                last = model.forwardWithFeatures(store, images, false, rows == null ? new int[0] : rows);
            } finally {
                JniUtils.setGradMode(grad);
            }
            lastImages = images;
        }
        return last;
    }
}
