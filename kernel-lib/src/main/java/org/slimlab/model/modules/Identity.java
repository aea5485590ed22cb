package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** PyTorch's {@code nn.Identity}: passes its input through (a skipped branch of a block). */
public final class Identity extends UnaryModule {
    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return x;
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        return in;
    }
}
