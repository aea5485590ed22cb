package org.slimlab.model.modules;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;

/**
 * A walk over a module's data flow on shapes. One walk does one of four things: compute output
 * shapes, initialize parameters (each child gets its real input shape), count
 * multiply-accumulates the way thop does (convolutions without bias, 4 per BatchNorm input element,
 * one per nearest-upsample output element, nothing for activations, pooling, concat or adds), or
 * report every step of the flow to a {@link Flow} (the channel dependency graph of pruning is built
 * that way).
 *
 * <p>Modules describe how tensors meet through the operations below ({@link #concat}, {@link #split},
 * {@link #add}, {@link #scale}, {@link #weigh}, {@link #shuffle}, {@link #resize}): every walk gets the
 * shapes from them, and an observing walk also learns which channels go where.
 */
public final class Trace {
    private final NDManager manager;
    private final DataType dataType;
    private final boolean counting;
    private final Flow flow;
    private long convMacs;
    private long normElements;
    private long upsampleElements;

    private Trace(NDManager manager, DataType dataType, boolean counting, Flow flow) {
        this.manager = manager;
        this.dataType = dataType;
        this.counting = counting;
        this.flow = flow;
    }

    /**
     * Receives the steps of an observing walk. Every shape a step returns is a new object, so a
     * listener can tell tensors apart by identity.
     */
    public interface Flow {
        /** A DJL leaf block (a convolution, a BatchNorm) maps {@code in} to {@code out}. */
        void leaf(Block block, Shape[] in, Shape[] out);

        /** A module has been walked (after its children and operations). */
        void module(YoloModule module, Shape[] in, Shape[] out);

        /** The channels of {@code parts}, in order, make {@code out}. */
        void concat(Shape[] parts, Shape out);

        /** The channels of {@code in} are cut into consecutive {@code parts}. */
        void split(Shape in, Shape[] parts);

        /**
         * Elementwise sum or product: channel k of {@code out} combines channel k of every input
         * (a product input may have 1×1 spatial size).
         */
        void merge(Shape[] in, Shape out);

        /**
         * Every channel of {@code x} multiplied pixel by pixel by the one-channel map {@code w} (an
         * adaptive fusion weight): {@code out} carries x's channels, {@code w} is a weight, not a feature.
         */
        void weigh(Shape x, Shape w, Shape out);

        /** Channel shuffle in {@code groups}: out channel k is in channel (k mod g)·(C/g) + k div g. */
        void shuffle(Shape in, int groups, Shape out);

        /** Same channels at another spatial size (pooling, upsampling, pixel slicing). */
        void resize(Shape in, Shape out);
    }

    /** A walk that only computes shapes. */
    public static Trace shapes() {
        return new Trace(null, null, false, null);
    }

    /** A walk that initializes every parameter it passes. */
    public static Trace initializing(NDManager manager, DataType dataType) {
        return new Trace(manager, dataType, false, null);
    }

    /** A walk that counts multiply-accumulates; read them with {@link #macs()} afterwards. */
    public static Trace counting() {
        return new Trace(null, null, true, null);
    }

    /** A walk that computes shapes and reports every leaf, module and operation to {@code flow}. */
    public static Trace observing(Flow flow) {
        return new Trace(null, null, false, flow);
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
        if ((counting || flow != null) && block instanceof YoloModule m) {
            Shape[] out = m.trace(this, inputs);
            if (flow != null) {
                flow.module(m, inputs, out);
            }
            return out;
        }
        Shape[] out = block.getOutputShapes(inputs);
        if (flow != null) {
            Shape[] fresh = new Shape[out.length];
            for (int i = 0; i < out.length; i++) {
                fresh[i] = new Shape(out[i].getShape());
            }
            flow.leaf(block, inputs, fresh);
            return fresh;
        }
        if (counting && block instanceof Convolution c) {
            Shape k = c.getKernelShape();
            convMacs += out[0].size() * (inputs[0].get(1) / c.getGroups()) * k.size();
        } else if (counting && block instanceof BatchNorm) {
            normElements += inputs[0].size();
        }
        return out;
    }

    /** Channel concatenation of {@code parts} (same batch and spatial size). */
    public Shape concat(Shape... parts) {
        long c = 0;
        for (Shape p : parts) {
            c += p.get(1);
        }
        Shape out = channels(parts[0], c);
        if (flow != null) {
            flow.concat(parts.clone(), out);
        }
        return out;
    }

    /** Cuts the channels of {@code in} into consecutive parts of the given sizes. */
    public Shape[] split(Shape in, long... sizes) {
        long total = 0;
        Shape[] parts = new Shape[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            total += sizes[i];
            parts[i] = channels(in, sizes[i]);
        }
        if (total != in.get(1)) {
            throw new IllegalArgumentException("channel mismatch: cannot split " + in.get(1) + " channels into " + total);
        }
        if (flow != null) {
            flow.split(in, parts.clone());
        }
        return parts;
    }

    /** Elementwise sum of two tensors of the same shape (a residual shortcut). */
    public Shape add(Shape a, Shape b) {
        if (!a.equals(b)) {
            throw new IllegalArgumentException("shape mismatch: cannot add " + a + " and " + b);
        }
        return merged(a, a, b);
    }

    /** Channel-wise product of {@code x} with per-channel factors {@code s} (N, C, 1, 1), as in squeeze-excitation. */
    public Shape scale(Shape x, Shape s) {
        if (s.get(1) != x.get(1)) {
            throw new IllegalArgumentException("channel mismatch: cannot scale " + x.get(1) + " channels by " + s.get(1));
        }
        return merged(x, x, s);
    }

    /**
     * Multiplies every channel of {@code x} by a one-channel map {@code w} of the same batch and
     * spatial size, as adaptive spatial fusion weighs each pyramid level.
     */
    public Shape weigh(Shape x, Shape w) {
        if (w.get(1) != 1 || w.get(0) != x.get(0) || w.get(2) != x.get(2) || w.get(3) != x.get(3)) {
            throw new IllegalArgumentException("shape mismatch: cannot weigh " + x + " by the map " + w);
        }
        Shape out = new Shape(x.getShape());
        if (flow != null) {
            flow.weigh(x, w, out);
        }
        return out;
    }

    private Shape merged(Shape like, Shape... in) {
        Shape out = new Shape(like.getShape());
        if (flow != null) {
            flow.merge(in, out);
        }
        return out;
    }

    /** Channel shuffle in {@code groups} groups (same shape). */
    public Shape shuffle(Shape in, int groups) {
        if (in.get(1) % groups != 0) {
            throw new IllegalArgumentException("channel mismatch: cannot shuffle " + in.get(1) + " channels in " + groups);
        }
        Shape out = new Shape(in.getShape());
        if (flow != null) {
            flow.shuffle(in, groups, out);
        }
        return out;
    }

    /** The same channels at spatial size h × w (pooling, upsampling, slicing). */
    public Shape resize(Shape in, long h, long w) {
        Shape out = new Shape(in.get(0), in.get(1), h, w);
        if (flow != null) {
            flow.resize(in, out);
        }
        return out;
    }

    private static Shape channels(Shape like, long c) {
        long[] dims = like.getShape().clone();
        dims[1] = c;
        return new Shape(dims);
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
