package org.slimlab.model.modules;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.UniformInitializer;

/** Factories for the two DJL leaves every module is made of, set up the way the YOLO families set them. */
public final class Layers {
    /** BatchNorm epsilon set by the YOLO families' {@code initialize_weights}. */
    public static final float BN_EPS = 1e-3f;
    /** BatchNorm momentum 0.03 in PyTorch terms (DJL counts it the other way round). */
    public static final float BN_MOMENTUM = 0.97f;

    private Layers() {
    }

    /**
     * A 2-D convolution initialized as PyTorch does by default: weight and bias uniform in
     * ±1/sqrt(fan_in), fan_in = c1/g·k·k.
     */
    public static Conv2d conv2d(int c1, int c2, int k, int s, int p, int g, int d, boolean bias) {
        YoloModule.require(c1 % g == 0 && c2 % g == 0,
                "channel mismatch: groups " + g + " must divide input " + c1 + " and output " + c2);
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(s, s))
                .optPadding(new Shape(p, p)).optDilation(new Shape(d, d)).setFilters(c2).optGroups(g)
                .optBias(bias).build();
        float bound = (float) (1.0 / Math.sqrt((double) c1 / g * k * k));
        conv.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
        if (bias) {
            conv.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
        }
        return conv;
    }

    /** BatchNorm over channels with the families' epsilon and momentum. */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optEpsilon(BN_EPS).optMomentum(BN_MOMENTUM).build();
    }
}
