package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * The detection head, last row of every model. Its forward returns the raw per-level outputs;
 * {@link #decode} turns them into boxes (xywh centre, input pixels) and per-class scores.
 */
public abstract class DetectHead extends YoloModule {
    /** How boxes are predicted. */
    public enum Kind {
        /** YOLOv5/v7: per-level anchor boxes, output (N, na, H, W, nc+5), xywh-obj-cls. */
        ANCHOR_BASED,
        /** YOLOv8: distances to the four sides as distributions, output (N, 4·regMax + nc, H, W). */
        ANCHOR_FREE
    }

    /** Nominal image size the bias priors assume (YOLOv5 and YOLOv8 both use 640). */
    protected static final double PRIOR_IMAGE = 640.0;

    private final int nc;
    private final int[] ch;
    private float[] strides;

    protected DetectHead(int nc, int[] ch) {
        require(nc >= 1, "a detection head needs at least one class, got nc=" + nc);
        this.nc = nc;
        this.ch = ch.clone();
    }

    /** How this head predicts boxes. */
    public abstract Kind kind();

    /** Number of classes. */
    public int nc() {
        return nc;
    }

    /** Number of levels. */
    public int nl() {
        return ch.length;
    }

    /** Input channels per level. */
    public int[] inChannels() {
        return ch.clone();
    }

    /** Anchors per level and cell (1 for anchor-free heads). */
    public abstract int na();

    /** Bins of the box-side distributions (0 for anchor-based heads). */
    public abstract int regMax();

    /** Anchors per level in input pixels, {@code [w0, h0, w1, h1, ...]}; empty for anchor-free heads. */
    public abstract float[][] anchors();

    /** Stride of each level in input pixels. */
    public float[] strides() {
        if (strides == null) {
            throw new IllegalStateException("strides are set when the model is built");
        }
        return strides.clone();
    }

    /**
     * Sets the level strides (the model measures them once it is built) and installs the bias
     * priors that depend on them, used when the parameters are initialized.
     */
    public void setStrides(float[] strides) {
        require(strides.length == nl(), "expected " + nl() + " strides, got " + strides.length);
        this.strides = strides.clone();
        installBiasPriors(this.strides);
    }

    /** Installs initializers that put the family's prior into the output biases. */
    protected abstract void installBiasPriors(float[] strides);

    /**
     * Decodes raw outputs.
     *
     * @param raw one array per level, as {@code forward} returns them
     * @return (N, A, 4 + nc): box centre x, y, width, height in input pixels, then class scores in [0, 1]
     */
    public abstract NDArray decode(NDList raw);
}
