package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** YOLOv7's {@code SP(k=3, s=1)}: a max pool with padding k/2 held as child {@code m}. */
public final class SP extends UnaryModule {
    private final MaxPool m;

    /** A k×k pool of stride s that keeps the size at stride 1. */
    public SP(int k, int s) {
        m = child("m", new MaxPool(k, s, k / 2));
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return call(m, ps, x, training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        return t.apply(m, in);
    }
}
