package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/**
 * FasterNet partial convolution: the first dim/nDiv channels go through a bias-free 3×3
 * convolution, the rest pass unchanged; no BatchNorm, no activation.
 */
public final class PConv extends UnaryModule {
    private final int dim;
    private final int dc;
    private final Conv2d conv;

    /** A partial convolution over {@code dim} channels that convolves the first dim/nDiv. */
    public PConv(int dim, int nDiv) {
        require(nDiv >= 1 && dim / nDiv >= 1, "channel mismatch: PConv over " + dim + " channels cannot take 1/" + nDiv);
        this.dim = dim;
        this.dc = dim / nDiv;
        conv = child("conv", Layers.conv2d(dc, dc, 3, 1, 1, 1, 1, false));
    }

    /** Channels that are convolved. */
    public int partial() {
        return dc;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        if (dc == dim) {
            return call(conv, ps, x, training);
        }
        NDList parts = x.split(new long[] {dc}, 1);
        return call(conv, ps, parts.get(0), training).concat(parts.get(1), 1);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        require(in.get(1) == dim, "channel mismatch: PConv expects " + dim + " channels, gets " + in.get(1));
        if (dc == dim) {
            return t.apply(conv, in);
        }
        Shape[] parts = t.split(in, dc, dim - dc);
        return t.concat(t.apply(conv, parts[0]), parts[1]);
    }
}
