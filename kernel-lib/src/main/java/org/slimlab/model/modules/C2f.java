package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * YOLOv8's CSP block with two convolutions: {@code cv1}'s output is split in two parts, the second
 * runs through the chain {@code m} (every block's output is kept), and {@code cv2} fuses all of them.
 */
public class C2f extends UnaryModule {
    private final Conv cv1;
    private final Sequential m;
    private final Conv cv2;
    private final int split;

    /**
     * A C2f skeleton around any chain of blocks.
     *
     * @param c1 input channels
     * @param c2 output channels
     * @param w1 output channels of {@code cv1}
     * @param split channels of the first part of {@code cv1}'s output (the part that skips the chain)
     * @param blocks the chain {@code m}; block 0 reads the other {@code w1 - split} channels
     * @param outs output channels of each block
     * @param act activation of both convolutions
     */
    protected C2f(int c1, int c2, int w1, int split, List<? extends Block> blocks, int[] outs, Act act) {
        require(split > 0 && split < w1, "channel mismatch: split " + split + " must lie inside cv1's " + w1 + " channels");
        cv1 = child("cv1", new Conv(c1, w1, 1, 1, act));
        m = child("m", new Sequential(blocks));
        int cat = w1;
        for (int o : outs) {
            cat += o;
        }
        cv2 = child("cv2", new Conv(cat, c2, 1, 1, act));
        this.split = split;
    }

    /**
     * The YOLOv8 C2f with (3×3, 3×3) bottlenecks.
     *
     * @param hidden per bottleneck, the output channels of its {@code cv1}
     * @param outs per bottleneck, its output channels (equal to its input when the shortcut is on)
     */
    public C2f(int c1, int c2, int w1, int split, int[] hidden, int[] outs, boolean shortcut, int g, Act act) {
        this(c1, c2, w1, split, bottlenecks(w1 - split, hidden, outs, shortcut, g, act), outs, act);
    }

    private static List<Block> bottlenecks(int in0, int[] hidden, int[] outs, boolean shortcut, int g, Act act) {
        List<Block> list = new ArrayList<>();
        int in = in0;
        for (int i = 0; i < hidden.length; i++) {
            list.add(new Bottleneck(in, outs[i], hidden[i], shortcut, g, 3, 3, act));
            in = outs[i];
        }
        return list;
    }

    /** Convolution whose output is split. */
    public Conv cv1() {
        return cv1;
    }

    /** Convolution fusing every part. */
    public Conv cv2() {
        return cv2;
    }

    /** The chain of blocks. */
    public Sequential m() {
        return m;
    }

    /** Channels of {@code cv1}'s output that skip the chain. */
    public int split() {
        return split;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDList parts = call(cv1, ps, x, training).split(new long[] {split}, 1);
        NDList ys = new NDList(parts);
        NDArray y = parts.get(1);
        for (Block b : m.items()) {
            y = call(b, ps, y, training);
            ys.add(y);
        }
        return call(cv2, ps, NDArrays.concat(ys, 1), training);
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape y = t.apply(cv1, in);
        Shape[] parts = t.split(y, split, y.get(1) - split);
        List<Shape> all = new ArrayList<>(List.of(parts));
        Shape part = parts[1];
        for (Block b : m.items()) {
            part = t.apply(b, part);
            all.add(part);
        }
        return t.apply(cv2, t.concat(all.toArray(new Shape[0])));
    }
}
