package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Global L2-norm gradient clipping ({@code torch.nn.utils.clip_grad_norm_}). */
public final class GradientClip {
    private GradientClip() {
    }

    /**
     * Scales all gradients by {@code maxNorm / (norm + 1e-6)} when that is below 1.
     *
     * @return the total gradient norm before clipping
     */
    public static double clipNorm(TrainableParams params, double maxNorm) {
        try (GradMode off = GradMode.off()) {
            double sq = 0;
            for (TrainableParams.Entry e : params.entries()) {
                sq += withGradient(e, g -> g.square().sum().getFloat());
            }
            double norm = Math.sqrt(sq);
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1) {
                for (TrainableParams.Entry e : params.entries()) {
                    withGradient(e, g -> {
                        g.muli((float) coef);
                        return 0f;
                    });
                }
            }
            return norm;
        }
    }

    private static float withGradient(TrainableParams.Entry e, java.util.function.Function<NDArray, Float> f) {
        NDArray w = e.parameter().getArray();
        try (NDManager scope = NDManager.subManagerOf(w)) {
            scope.tempAttachAll(w);
            NDArray g = JniUtils.getGradient((PtNDArray) w);
            return g == null ? 0f : f.apply(g);
        }
    }
}
