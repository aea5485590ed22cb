package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** {@code cv2(cv1(x))}, plus {@code x} when the shortcut is on and input and output widths agree. */
public final class Bottleneck extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;
    private final boolean add;

    /**
     * @param c1 input channels
     * @param c2 output channels
     * @param hidden output channels of {@code cv1}
     * @param shortcut add the input to the output (only when c1 == c2, as in PyTorch)
     * @param g groups of {@code cv2}
     * @param k1 kernel of {@code cv1} (1 in YOLOv5, 3 in YOLOv8's C2f)
     * @param k2 kernel of {@code cv2}
     * @param act activation of both convolutions
     */
    public Bottleneck(int c1, int c2, int hidden, boolean shortcut, int g, int k1, int k2, Act act) {
        cv1 = child("cv1", new Conv(c1, hidden, k1, 1, act));
        cv2 = child("cv2", new Conv(hidden, c2, k2, 1, Conv.autopad(k2, 1), g, 1, act));
        add = shortcut && c1 == c2;
    }

    /** The first convolution. */
    public Conv cv1() {
        return cv1;
    }

    /** The second convolution. */
    public Conv cv2() {
        return cv2;
    }

    /** True when the input is added to the output. */
    public boolean residual() {
        return add;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = call(cv2, ps, call(cv1, ps, x, training), training);
        return add ? y.add(x) : y;
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape y = t.apply(cv2, t.apply(cv1, in));
        return add ? t.add(y, in) : y;
    }
}
