package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Binary cross-entropy on logits, element by element, in the numerically stable softplus form. */
public final class Bce {
    private Bce() {
    }

    /**
     * {@code -[t log sigmoid(x) + (1-t) log(1 - sigmoid(x))] = softplus(x) - x t}, element-wise; its gradient
     * is {@code sigmoid(x) - t}.
     */
    public static NDArray withLogits(NDArray logits, NDArray target) {
        return Activation.softPlus(logits).sub(logits.mul(target));
    }

    /** The same loss for one logit, in double precision (reference for tests and host-side checks). */
    public static double withLogits(double x, double t) {
        return Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
