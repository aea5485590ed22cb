package org.slimlab.train;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arrays that are part of an autograd graph.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)}, {@code maximum(Number)} and {@code pow(Number)} wrap the
 * number in a temporary array over Java memory and close it at once, while autograd keeps that array for the
 * backward pass: after a garbage collection its memory is freed and gradients read garbage. A scalar made here
 * belongs to the same manager as {@code like} (the step's scope in training), so it lives until the backward
 * pass is over.
 */
final class Scalars {
    private Scalars() {
    }

    /** A float32 scalar owned by {@code like}'s manager. */
    static NDArray of(NDArray like, double value) {
        return like.getManager().create((float) value);
    }
}
