package org.slimlab.train;

/**
 * Runs after every backward pass, before the optimizer may step: the place to change gradients, e.g. the
 * network-slimming sub-gradient {@code lambda sign(gamma)} on BatchNorm weights.
 */
@FunctionalInterface
public interface GradientHook {

    /** Called with autograd off; {@code grads} gives scoped access to every trainable parameter's gradient. */
    void afterBackward(GradientAccess grads, StepInfo step);
}
