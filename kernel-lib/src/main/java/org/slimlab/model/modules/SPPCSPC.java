package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * YOLOv7's CSP spatial pyramid pooling: {@code x1 = cv4(cv3(cv1 x))},
 * {@code y1 = cv6(cv5(cat(x1, pools(x1))))}, output {@code cv7(cat(y1, cv2 x))}.
 */
public final class SPPCSPC extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;
    private final Conv cv3;
    private final Conv cv4;
    private final Sequential m;
    private final Conv cv5;
    private final Conv cv6;
    private final Conv cv7;

    /**
     * @param w output channels of cv1 … cv6 (YOLOv7: all 2·c2·e)
     * @param ks pool sizes (YOLOv7: 5, 9, 13)
     */
    public SPPCSPC(int c1, int c2, int[] w, int[] ks, Act act) {
        require(w.length == 6, "SPPCSPC takes six inner widths, got " + w.length);
        cv1 = child("cv1", new Conv(c1, w[0], 1, 1, act));
        cv2 = child("cv2", new Conv(c1, w[1], 1, 1, act));
        cv3 = child("cv3", new Conv(w[0], w[2], 3, 1, act));
        cv4 = child("cv4", new Conv(w[2], w[3], 1, 1, act));
        m = child("m", new Sequential(SPP.pools(ks)));
        cv5 = child("cv5", new Conv(w[3] * (ks.length + 1), w[4], 1, 1, act));
        cv6 = child("cv6", new Conv(w[4], w[5], 3, 1, act));
        cv7 = child("cv7", new Conv(w[5] + w[1], c2, 1, 1, act));
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray x1 = call(cv4, ps, call(cv3, ps, call(cv1, ps, x, training), training), training);
        NDList all = new NDList(x1);
        for (Block p : m.items()) {
            all.add(call(p, ps, x1, training));
        }
        NDArray y1 = call(cv6, ps, call(cv5, ps, NDArrays.concat(all, 1), training), training);
        NDArray y2 = call(cv2, ps, x, training);
        return call(cv7, ps, y1.concat(y2, 1), training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape x1 = t.apply(cv4, t.apply(cv3, t.apply(cv1, in)));
        Shape[] all = new Shape[m.size() + 1];
        all[0] = x1;
        for (int i = 0; i < m.size(); i++) {
            all[i + 1] = t.apply(m.get(i), x1);
        }
        Shape y1 = t.apply(cv6, t.apply(cv5, t.concat(all)));
        Shape y2 = t.apply(cv2, in);
        return t.apply(cv7, t.concat(y1, y2));
    }
}
