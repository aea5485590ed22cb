package org.slimlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Locale;

/**
 * Channels-last activations (PyTorch's {@code torch.channels_last}): an (N, C, H, W) array whose memory is
 * laid out as (N, H, W, C). A model fed such an input keeps it through every layer (convolutions, BatchNorm,
 * activations, concatenation, pooling and upsampling all preserve it), which lets libtorch's oneDNN
 * convolutions on the CPU work on the tensors in place instead of reordering every activation into their
 * blocked layout and back, forward and backward. Shapes, values and parameters are unchanged; only the
 * order of float additions inside the kernels differs, within float rounding.
 *
 * <p>On by default for a model whose every BatchNorm width is a multiple of {@value #WIDTH_MULTIPLE}, off for
 * one with other widths: oneDNN's channels-last kernels for such widths are slower than the reorders they
 * save (a YOLOv5n pruned to odd widths trained at 1.8 it/s channels-last against 2.8 it/s plain; the same
 * prune rounded to 8 at 2.8 against 2.6). {@code -Dslimlab.channelsLast=true} or {@code false} (for
 * {@code ./slim}: {@code SLIMLAB_JAVA_OPTS}) decides for every model of a process,
 * {@link YoloModel#setChannelsLast} for one model.
 */
public final class ChannelsLast {
    /** The system property that sets the default for new models. */
    public static final String PROPERTY = "slimlab.channelsLast";

    private ChannelsLast() {
    }

    /** Widths (BatchNorm channel counts) that channels-last kernels handle well are multiples of this. */
    public static final int WIDTH_MULTIPLE = 8;

    /**
     * The process-wide choice: true or false where {@value #PROPERTY} says so, null (decided per model from its
     * widths) where it is unset or {@code auto}.
     *
     * @throws IllegalArgumentException on any other value, naming the property
     */
    public static Boolean setting() {
        String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "auto":
            case "":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected true, false or auto");
        }
    }

    /** Whether every width is a multiple of {@value #WIDTH_MULTIPLE}. */
    public static boolean suits(long... widths) {
        for (long w : widths) {
            if (w % WIDTH_MULTIPLE != 0) {
                return false;
            }
        }
        return true;
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
