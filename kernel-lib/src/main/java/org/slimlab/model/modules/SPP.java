package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/** Spatial pyramid pooling: parallel max pools of several sizes stacked with their input. */
public final class SPP extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;
    private final Sequential m;

    /**
     * @param hidden output channels of {@code cv1} (YOLOv5: c1/2)
     * @param ks pool sizes (YOLOv5: 5, 9, 13)
     */
    public SPP(int c1, int c2, int hidden, int[] ks, Act act) {
        cv1 = child("cv1", new Conv(c1, hidden, 1, 1, act));
        cv2 = child("cv2", new Conv(hidden * (ks.length + 1), c2, 1, 1, act));
        m = child("m", new Sequential(pools(ks)));
    }

    static List<Block> pools(int[] ks) {
        List<Block> pools = new ArrayList<>();
        for (int k : ks) {
            pools.add(new MaxPool(k, 1, k / 2));
        }
        return pools;
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
        NDList all = new NDList(a);
        for (Block p : m.items()) {
            all.add(call(p, ps, a, training));
        }
        return call(cv2, ps, NDArrays.concat(all, 1), training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape a = t.apply(cv1, in);
        Shape[] all = new Shape[m.size() + 1];
        all[0] = a;
        for (int i = 0; i < m.size(); i++) {
            all[i + 1] = t.apply(m.get(i), a);
        }
        return t.apply(cv2, t.concat(all));
    }
}
