package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Distribution focal loss (GFL, Li et al. 2020) as YOLOv8 uses it: for a target distance {@code t} between
 * bins {@code l = floor(t)} and {@code r = l + 1}, {@code CE(p, l) (r - t) + CE(p, r) (t - l)}.
 */
public final class DistributionFocalLoss {
    private DistributionFocalLoss() {
    }

    /**
     * The loss of each row.
     *
     * @param logits {@code (K, bins)} distribution logits
     * @param targets {@code K} target distances in bin units, each within {@code [0, bins - 1)}
     * @return shape {@code (K)}
     */
    public static NDArray perRow(NDArray logits, float[] targets) {
        int bins = (int) logits.getShape().get(1);
        float[] w = new float[targets.length * bins];
        for (int i = 0; i < targets.length; i++) {
            int left = (int) targets[i];
            float wl = left + 1 - targets[i];
            w[i * bins + left] = wl;
            w[i * bins + left + 1] = 1 - wl;
        }
        NDArray weights = logits.getManager().create(w, new Shape(targets.length, bins));
        return logits.logSoftmax(1).mul(weights).sum(new int[] {1}).neg();
    }
}
