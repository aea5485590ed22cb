package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * The residual block AFPN refines each level with after a fusion (ResNet's basic block in YOLO's
 * Conv): {@code act(cv2(cv1(x)) + x)}, where {@code cv1} is a 3×3 Conv with activation and
 * {@code cv2} a 3×3 Conv without one. Input and output widths are equal.
 */
public final class BasicBlock extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;
    private final Act act;

    /**
     * @param c channels in and out
     * @param hidden output channels of {@code cv1}
     * @param act activation of {@code cv1} and after the sum
     */
    public BasicBlock(int c, int hidden, Act act) {
        cv1 = child("cv1", new Conv(c, hidden, 3, 1, act));
        cv2 = child("cv2", new Conv(hidden, c, 3, 1, Act.identity()));
        this.act = act;
    }

    /** The first 3×3 convolution. */
    public Conv cv1() {
        return cv1;
    }

    /** The second 3×3 convolution (no activation before the sum). */
    public Conv cv2() {
        return cv2;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return act.apply(call(cv2, ps, call(cv1, ps, x, training), training).add(x));
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        return t.add(t.apply(cv2, t.apply(cv1, in)), in);
    }
}
