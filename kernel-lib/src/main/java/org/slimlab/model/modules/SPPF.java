package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** Spatial pyramid pooling, fast: one k×k pool applied three times in a row, all four stacked. */
public final class SPPF extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;
    private final MaxPool m;

    /**
     * @param hidden output channels of {@code cv1} (YOLOv5/8: c1/2)
     */
    public SPPF(int c1, int c2, int hidden, int k, Act act) {
        cv1 = child("cv1", new Conv(c1, hidden, 1, 1, act));
        cv2 = child("cv2", new Conv(4 * hidden, c2, 1, 1, act));
        m = child("m", new MaxPool(k, 1, k / 2));
    }

    /** Convolution before the pools. */
    public Conv cv1() {
        return cv1;
    }

    /** Convolution after the pools. */
    public Conv cv2() {
        return cv2;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray a = call(cv1, ps, x, training);
        NDArray b = call(m, ps, a, training);
        NDArray c = call(m, ps, b, training);
        NDArray d = call(m, ps, c, training);
        return call(cv2, ps, NDArrays.concat(new NDList(a, b, c, d), 1), training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape a = t.apply(cv1, in);
        Shape b = t.apply(m, a);
        Shape c = t.apply(m, b);
        Shape d = t.apply(m, c);
        return t.apply(cv2, t.concat(a, b, c, d));
    }
}
