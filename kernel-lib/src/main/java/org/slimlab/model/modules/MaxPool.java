package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

/** PyTorch's {@code nn.MaxPool2d(k, s, p)}; counts no operations. */
public final class MaxPool extends UnaryModule {
    private final int k;
    private final int s;
    private final int p;

    /** A k×k max pool with stride s and padding p (padded cells never win). */
    public MaxPool(int k, int s, int p) {
        this.k = k;
        this.s = s;
        this.p = p;
    }

    /** Window size. */
    public int kernel() {
        return k;
    }

    /** Stride. */
    public int stride() {
        return s;
    }

    /** Padding. */
    public int padding() {
        return p;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return Pool.maxPool2d(x, new Shape(k, k), new Shape(s, s), new Shape(p, p), false);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        return t.resize(in, outSize(in.get(2), k, s, p, 1), outSize(in.get(3), k, s, p, 1));
    }
}
