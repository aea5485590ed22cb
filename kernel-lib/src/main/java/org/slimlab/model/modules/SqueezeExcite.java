package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/**
 * Squeeze-and-excitation as MobileNetV3 uses it: global average → 1×1 {@code fc1} → ReLU → 1×1
 * {@code fc2} → hard sigmoid, then scales the input channel-wise.
 */
public final class SqueezeExcite extends UnaryModule {
    private final Conv2d fc1;
    private final Conv2d fc2;

    /**
     * @param c channels
     * @param squeeze width of the bottleneck (MobileNetV3: c/4 rounded up to a multiple of 8)
     */
    public SqueezeExcite(int c, int squeeze) {
        fc1 = child("fc1", Layers.conv2d(c, squeeze, 1, 1, 0, 1, 1, true));
        fc2 = child("fc2", Layers.conv2d(squeeze, c, 1, 1, 0, 1, 1, true));
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray s = x.mean(new int[] {3}, true).mean(new int[] {2}, true);
        s = Activation.relu(call(fc1, ps, s, training));
        return x.mul(Act.hardSigmoid(call(fc2, ps, s, training)));
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape s = t.apply(fc2, t.apply(fc1, t.resize(in, 1, 1)));
        return t.scale(in, s);
    }
}
