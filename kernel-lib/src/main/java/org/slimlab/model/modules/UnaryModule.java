package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A module with one input tensor and one output tensor: most layers. */
public abstract class UnaryModule extends YoloModule {

    /** The forward computation on one NCHW tensor. */
    protected abstract NDArray forward(ParameterStore ps, NDArray x, boolean training);

    /** The data flow on one NCHW shape (see {@link YoloModule#trace}). */
    protected abstract Shape trace(Trace trace, Shape input);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                           PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public final Shape[] trace(Trace trace, Shape... inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes one input, got " + inputs.length);
        }
        return new Shape[] {trace(trace, inputs[0])};
    }
}
