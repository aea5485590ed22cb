package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

/**
 * YOLOv9's downsampling block: 2×2 stride-1 average pool, split in two; the first part goes
 * through a 3×3 stride-2 {@code cv1}, the second through a 3×3 stride-2 max pool and a 1×1
 * {@code cv2}; the results are concatenated.
 */
public final class ADown extends UnaryModule {
    private final int split;
    private final Conv cv1;
    private final Conv cv2;

    /**
     * @param c1 input channels
     * @param split input channels that go to {@code cv1} (YOLOv9: c1/2)
     * @param w1 output channels of {@code cv1} (YOLOv9: c2/2)
     * @param w2 output channels of {@code cv2} (YOLOv9: c2/2)
     */
    public ADown(int c1, int split, int w1, int w2, Act act) {
        require(split > 0 && split < c1, "channel mismatch: ADown split " + split + " must lie inside its " + c1 + " input channels");
        this.split = split;
        cv1 = child("cv1", new Conv(split, w1, 3, 2, 1, 1, 1, act));
        cv2 = child("cv2", new Conv(c1 - split, w2, 1, 1, 0, 1, 1, act));
    }

    /** The 3×3 stride-2 convolution of the first part. */
    public Conv cv1() {
        return cv1;
    }

    /** The 1×1 convolution of the pooled second part. */
    public Conv cv2() {
        return cv2;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray a = Pool.avgPool2d(x, new Shape(2, 2), new Shape(1, 1), new Shape(0, 0), false, true);
        NDList parts = a.split(new long[] {split}, 1);
        NDArray y1 = call(cv1, ps, parts.get(0), training);
        NDArray p = Pool.maxPool2d(parts.get(1), new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        return y1.concat(call(cv2, ps, p, training), 1);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape a = t.resize(in, in.get(2) - 1, in.get(3) - 1);
        Shape[] parts = t.split(a, split, in.get(1) - split);
        Shape y1 = t.apply(cv1, parts[0]);
        Shape p = t.resize(parts[1], outSize(a.get(2), 3, 2, 1, 1), outSize(a.get(3), 3, 2, 1, 1));
        Shape y2 = t.apply(cv2, p);
        return t.concat(y1, y2);
    }
}
