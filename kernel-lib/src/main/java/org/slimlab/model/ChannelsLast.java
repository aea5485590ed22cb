package org.slimlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Channels-last activations (PyTorch's {@code torch.channels_last}): an (N, C, H, W) array whose memory is
 * laid out as (N, H, W, C). A model fed such an input keeps it through every layer (convolutions, BatchNorm,
 * activations, concatenation, pooling and upsampling all preserve it), which lets libtorch's oneDNN
 * convolutions on the CPU work on the tensors in place instead of reordering every activation into their
 * blocked layout and back, forward and backward. Shapes, values and parameters are unchanged; only the
 * order of float additions inside the kernels differs, within float rounding.
 *
 * <p>On by default; {@code -Dslimlab.channelsLast=false} (for {@code ./slim}: {@code SLIMLAB_JAVA_OPTS})
 * turns it off for a process, {@link YoloModel#setChannelsLast} for one model.
 */
public final class ChannelsLast {
    /** The system property that sets the default for new models. */
    public static final String PROPERTY = "slimlab.channelsLast";

    private ChannelsLast() {
    }

    /** Whether new models use channels-last activations ({@value #PROPERTY}, default true). */
    public static boolean byDefault() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
    }

    /**
     * The same (N, C, H, W) values, laid out channels-last: a copy in (N, H, W, C) order, viewed as
     * (N, C, H, W). Autograd flows through it.
     */
    public static NDArray of(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("channels-last needs (N, C, H, W), got " + s);
        }
        // flatten copies the permuted view in its logical order, which is (N, H, W, C)
        return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }
}
