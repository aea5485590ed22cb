package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/** CSP bottleneck with three convolutions: {@code cv3(cat(m(cv1(x)), cv2(x)))}. */
public class C3 extends UnaryModule {
    private final Conv cv1;
    private final Conv cv2;
    private final Sequential m;
    private final Conv cv3;

    /**
     * A C3 around any chain of blocks.
     *
     * @param c1 input channels
     * @param c2 output channels
     * @param w1 output channels of {@code cv1} (input of the chain)
     * @param w2 output channels of {@code cv2}
     * @param blocks the chain {@code m}
     * @param chainOut output channels of the chain
     * @param act activation of the three convolutions
     */
    protected C3(int c1, int c2, int w1, int w2, List<? extends Block> blocks, int chainOut, Act act) {
        cv1 = child("cv1", new Conv(c1, w1, 1, 1, act));
        cv2 = child("cv2", new Conv(c1, w2, 1, 1, act));
        m = child("m", new Sequential(blocks));
        cv3 = child("cv3", new Conv(chainOut + w2, c2, 1, 1, act));
    }

    /**
     * The YOLOv5 C3 with (1×1, 3×3) bottlenecks.
     *
     * @param hidden per bottleneck, the output channels of its {@code cv1}
     * @param outs per bottleneck, its output channels (equal to its input when the shortcut is on)
     */
    public C3(int c1, int c2, int w1, int w2, int[] hidden, int[] outs, boolean shortcut, int g, Act act) {
        this(c1, c2, w1, w2, bottlenecks(w1, hidden, outs, shortcut, g, act), outs[outs.length - 1], act);
    }

    private static List<Block> bottlenecks(int w1, int[] hidden, int[] outs, boolean shortcut, int g, Act act) {
        List<Block> list = new ArrayList<>();
        int in = w1;
        for (int i = 0; i < hidden.length; i++) {
            list.add(new Bottleneck(in, outs[i], hidden[i], shortcut, g, 1, 3, act));
            in = outs[i];
        }
        return list;
    }

    /** Convolution feeding the chain. */
    public Conv cv1() {
        return cv1;
    }

    /** Convolution on the bypass. */
    public Conv cv2() {
        return cv2;
    }

    /** Convolution fusing chain and bypass. */
    public Conv cv3() {
        return cv3;
    }

    /** The chain of blocks between {@code cv1} and {@code cv3}. */
    public Sequential m() {
        return m;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray a = call(m, ps, call(cv1, ps, x, training), training);
        return call(cv3, ps, a.concat(call(cv2, ps, x, training), 1), training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape a = t.apply(m, t.apply(cv1, in));
        Shape b = t.apply(cv2, in);
        return t.apply(cv3, t.concat(a, b));
    }
}
