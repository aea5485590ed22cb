package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import java.util.Set;

/**
 * The shared building block: Conv2d (no bias) → BatchNorm → activation, children {@code conv} and
 * {@code bn}. Also what yaml {@code DWConv} builds (groups = gcd(c1, c2)).
 */
public class Conv extends UnaryModule {
    private final int c1;
    private final int c2;
    private final int k;
    private final int s;
    private final int g;
    private final Conv2d conv;
    private final BatchNorm bn;
    private final Act act;

    /**
     * @param c1 input channels
     * @param c2 output channels
     * @param k kernel size
     * @param s stride
     * @param p padding
     * @param g groups
     * @param d dilation
     * @param act activation after BatchNorm
     */
    public Conv(int c1, int c2, int k, int s, int p, int g, int d, Act act) {
        this.c1 = c1;
        this.c2 = c2;
        this.k = k;
        this.s = s;
        this.g = g;
        this.conv = child("conv", Layers.conv2d(c1, c2, k, s, p, g, d, false));
        this.bn = child("bn", Layers.batchNorm());
        this.act = act;
    }

    /** A convolution with "same" padding ({@link #autopad}), no groups, no dilation. */
    public Conv(int c1, int c2, int k, int s, Act act) {
        this(c1, c2, k, s, autopad(k, 1), 1, 1, act);
    }

    /** Padding that keeps the size at stride 1: d·(k−1)/2. */
    public static int autopad(int k, int d) {
        return d * (k - 1) / 2;
    }

    /** Input channels. */
    public int inChannels() {
        return c1;
    }

    /** Output channels. */
    public int outChannels() {
        return c2;
    }

    /** Kernel size. */
    public int kernel() {
        return k;
    }

    /** Stride. */
    public int stride() {
        return s;
    }

    /** Convolution groups. */
    public int groups() {
        return g;
    }

    /** The convolution ({@code .conv}). */
    public Conv2d conv() {
        return conv;
    }

    /** The BatchNorm ({@code .bn}). */
    public BatchNorm bn() {
        return bn;
    }

    /** The activation after BatchNorm. */
    public Act act() {
        return act;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return act.apply(call(bn, ps, call(conv, ps, x, training), training));
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        require(in.get(1) == c1, "channel mismatch: conv expects " + c1 + " input channels, gets " + in.get(1));
        return t.apply(bn, t.apply(conv, in));
    }

    @Override
    public void collectModules(Set<Object> acc) {
        super.collectModules(acc);
        acc.add(act);
    }
}
