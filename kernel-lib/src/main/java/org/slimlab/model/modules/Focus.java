package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** YOLOv5's early stem: space-to-depth (4 pixel phases stacked on channels), then {@code conv}. */
public final class Focus extends UnaryModule {
    private final Conv conv;

    /** Space-to-depth of c1 channels, then a Conv(4·c1, c2, k, s, p, g). */
    public Focus(int c1, int c2, int k, int s, int p, int g, Act act) {
        conv = child("conv", new Conv(4 * c1, c2, k, s, p, g, 1, act));
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = NDArrays.concat(new NDList(x.get(":, :, ::2, ::2"), x.get(":, :, 1::2, ::2"),
                x.get(":, :, ::2, 1::2"), x.get(":, :, 1::2, 1::2")), 1);
        return call(conv, ps, y, training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape phase = t.resize(in, (in.get(2) + 1) / 2, (in.get(3) + 1) / 2);
        return t.apply(conv, t.concat(phase, phase, phase, phase));
    }
}
