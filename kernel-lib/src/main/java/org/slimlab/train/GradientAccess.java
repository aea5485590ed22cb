package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Scoped access to the trainable parameters and their accumulated gradients. Arrays made inside the callback
 * are released after it returns; change a gradient in place ({@code grad.addi(...)}).
 */
public final class GradientAccess {
    private final TrainableParams params;

    public GradientAccess(TrainableParams params) {
        this.params = params;
    }

    /** The parameters behind this access. */
    public TrainableParams params() {
        return params;
    }

    /**
     * Calls {@code action(weight, gradient)} for each parameter accepted by {@code filter} that has a gradient.
     */
    public void forEach(Predicate<TrainableParams.Entry> filter, BiConsumer<NDArray, NDArray> action) {
        try (GradMode off = GradMode.off()) {
            for (TrainableParams.Entry e : params.entries()) {
                if (!filter.test(e)) {
                    continue;
                }
                NDArray w = e.parameter().getArray();
                try (NDManager scope = NDManager.subManagerOf(w)) {
                    scope.tempAttachAll(w);
                    NDArray g = JniUtils.getGradient((PtNDArray) w);
                    if (g != null) {
                        action.accept(w, g);
                    }
                }
            }
        }
    }
}
