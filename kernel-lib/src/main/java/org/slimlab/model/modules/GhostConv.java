package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Ghost convolution (GhostNet): {@code cv1} makes half the output, a cheap 5×5 depthwise {@code cv2}
 * makes the other half from it; output {@code cat(y, cv2(y))}.
 */
public final class GhostConv extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;

    /**
     * @param c2 output channels, even: {@code cv1} and {@code cv2} make c2/2 each
     * @param act activation of both halves ({@code act=False} gives each half its own identity, as in PyTorch)
     */
    public GhostConv(int c1, int c2, int k, int s, int g, Act act) {
        require(c2 % 2 == 0, "channel mismatch: GhostConv needs an even output width, got " + c2);
        cv1 = child("cv1", new Conv(c1, c2 / 2, k, s, Conv.autopad(k, 1), g, 1, act));
        cv2 = child("cv2", new Conv(c2 / 2, c2 / 2, 5, 1, 2, c2 / 2, 1, act.kind() == Act.Kind.IDENTITY ? Act.identity() : act));
    }

    /** The primary convolution (first half of the output). */
    public Conv cv1() {
        return cv1;
    }

    /** The cheap depthwise convolution (second half). */
    public Conv cv2() {
        return cv2;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = call(cv1, ps, x, training);
        return y.concat(call(cv2, ps, y, training), 1);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape y = t.apply(cv1, in);
        Shape z = t.apply(cv2, y);
        return t.concat(y, z);
    }
}
