package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/**
 * Distribution focal loss decoder: softmax over regMax bins, then the expectation, done as YOLOv8
 * does with a frozen 1×1 convolution whose weights are 0, 1, …, regMax−1. Input (N, 4·regMax, A),
 * output (N, 4, A) distances in grid cells.
 */
public final class Dfl extends UnaryModule {
    private final int bins;
    private final Conv2d conv;

    /** A decoder over {@code bins} bins per side (YOLOv8: 16). */
    public Dfl(int bins) {
        this.bins = bins;
        conv = child("conv", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).optBias(false).build());
        conv.setInitializer((manager, shape, dataType) -> manager.arange(0f, bins, 1f, dataType).reshape(shape),
                Parameter.Type.WEIGHT);
        conv.freezeParameters(true);
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        NDArray p = x.reshape(s.get(0), 4, bins, s.get(2)).transpose(0, 2, 1, 3).softmax(1);
        return call(conv, ps, p, training).reshape(s.get(0), 4, s.get(2));
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        t.apply(conv, new Shape(in.get(0), bins, 4, in.get(2)));
        return new Shape(in.get(0), 4, in.get(2));
    }
}
