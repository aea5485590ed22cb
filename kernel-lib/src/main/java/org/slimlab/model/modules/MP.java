package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** YOLOv7's {@code MP(k=2)}: a k×k, stride-k max pool held as child {@code m}. */
public final class MP extends UnaryModule {
    private final MaxPool m;

    /** A k×k pool of stride k. */
    public MP(int k) {
        m = child("m", new MaxPool(k, k, 0));
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
