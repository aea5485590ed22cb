package org.slimlab.train;

import ai.djl.nn.Parameter;

/**
 * The three optimizer parameter groups of the Ultralytics trainers, in their order: biases (no decay, warm-up
 * from {@code warmup_bias_lr}), weights of convolutions and linear layers (decayed), and normalisation weights
 * with other free tensors such as implicit knowledge (no decay).
 */
public enum ParamGroup {
    /** Conv/linear biases and BatchNorm beta. */
    BIAS,
    /** Conv and linear weights: the only decayed group. */
    WEIGHT,
    /** BatchNorm gamma and other parameters (YOLOv7 implicit tensors). */
    NORM;

    /** The group of a trainable parameter, by its DJL type. */
    public static ParamGroup of(Parameter p) {
        return switch (p.getType()) {
            case BIAS, BETA -> BIAS;
            case WEIGHT -> WEIGHT;
            default -> NORM;
        };
    }

    /** Whether weight decay applies to this group. */
    public boolean decayed() {
        return this == WEIGHT;
    }
}
