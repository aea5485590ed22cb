package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** PyTorch's {@code nn.Upsample(None, scale, 'nearest')}; counts one operation per output element. */
public final class Upsample extends UnaryModule {
    private static final int NEAREST = 0;
    private final int scale;

    /** Nearest-neighbour upsampling by an integer factor. */
    public Upsample(int scale) {
        require(scale >= 1, "upsample scale must be a positive integer, got " + scale);
        this.scale = scale;
    }

    /** Integer scale factor. */
    public int scale() {
        return scale;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        return x.getNDArrayInternal().interpolation(new long[] {s.get(2) * scale, s.get(3) * scale}, NEAREST, false);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape out = t.resize(in, in.get(2) * scale, in.get(3) * scale);
        t.upsampled(out);
        return out;
    }
}
