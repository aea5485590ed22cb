package org.slimlab.model.modules;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;

/**
 * A walk over a module's data flow on shapes. One walk does one of three things: compute output
 * shapes, initialize parameters (each child gets its real input shape), or count
 * multiply-accumulates the way thop does (convolutions without bias, 4 per BatchNorm input element,
 * one per nearest-upsample output element, nothing for activations, pooling, concat or adds).
 */
public final class Trace {
    private final NDManager manager;
    private final DataType dataType;
    private final boolean counting;
    private long convMacs;
    private long normElements;
    private long upsampleElements;

    private Trace(NDManager manager, DataType dataType, boolean counting) {
        this.manager = manager;
        this.dataType = dataType;
        this.counting = counting;
    }

    /** A walk that only computes shapes. */
    public static Trace shapes() {
        return new Trace(null, null, false);
    }

    /** A walk that initializes every parameter it passes. */
    public static Trace initializing(NDManager manager, DataType dataType) {
        return new Trace(manager, dataType, false);
    }

    /** A walk that counts multiply-accumulates; read them with {@link #macs()} afterwards. */
    public static Trace counting() {
        return new Trace(null, null, true);
    }

    /** Visits a single-input child. */
    public Shape apply(Block block, Shape input) {
        return apply(block, new Shape[] {input})[0];
    }

    /** Visits a child with its input shapes and returns its output shapes. */
    public Shape[] apply(Block block, Shape... inputs) {
        if (manager != null) {
            block.initialize(manager, dataType, inputs);
            return block.getOutputShapes(inputs);
        }
        if (counting && block instanceof YoloModule m) {
            return m.trace(this, inputs);
        }
        Shape[] out = block.getOutputShapes(inputs);
        if (counting && block instanceof Convolution c) {
            Shape k = c.getKernelShape();
            convMacs += out[0].size() * (inputs[0].get(1) / c.getGroups()) * k.size();
        } else if (counting && block instanceof BatchNorm) {
            normElements += inputs[0].size();
        }
        return out;
    }

    /** Records a nearest-neighbour upsample producing {@code output}. */
    public void upsampled(Shape output) {
        if (counting) {
            upsampleElements += output.size();
        }
    }

    /** Convolution multiply-accumulates seen so far (bias not counted). */
    public long convMacs() {
        return convMacs;
    }

    /** BatchNorm input elements seen so far. */
    public long normElements() {
        return normElements;
    }

    /** Nearest-upsample output elements seen so far. */
    public long upsampleElements() {
        return upsampleElements;
    }

    /** All multiply-accumulates: convolutions + 4 per BatchNorm element + upsample outputs. */
    public long macs() {
        return convMacs + 4 * normElements + upsampleElements;
    }
}
