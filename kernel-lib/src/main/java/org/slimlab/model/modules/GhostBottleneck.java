package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.List;

/**
 * GhostNet bottleneck: {@code conv = [GhostConv(c1, hidden), DWConv(k, s) or identity,
 * GhostConv(hidden, c2, act=False)]}, plus a shortcut (identity at stride 1, DWConv + 1×1 Conv at
 * stride 2); output {@code conv(x) + shortcut(x)}.
 */
public final class GhostBottleneck extends UnaryModule {
    private final Sequential conv;
    private final Block shortcut;

    /**
     * @param hidden output channels of the first GhostConv (YOLOv5: c2/2), even
     */
    public GhostBottleneck(int c1, int c2, int hidden, int k, int s, Act act) {
        require(s == 2 || c1 == c2,
                "channel mismatch: a stride-1 GhostBottleneck adds its input, so input " + c1 + " must equal output " + c2);
        conv = child("conv", new Sequential(List.of(
                new GhostConv(c1, hidden, 1, 1, 1, act),
                s == 2 ? new Conv(hidden, hidden, k, s, Conv.autopad(k, 1), hidden, 1, Act.identity()) : new Identity(),
                new GhostConv(hidden, c2, 1, 1, 1, Act.identity()))));
        shortcut = child("shortcut", s == 2
                ? new Sequential(List.of(new Conv(c1, c1, k, s, Conv.autopad(k, 1), c1, 1, Act.identity()),
                        new Conv(c1, c2, 1, 1, Act.identity())))
                : new Identity());
    }

    /** The main branch. */
    public Sequential conv() {
        return conv;
    }

    @Override
    protected NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return call(conv, ps, x, training).add(call(shortcut, ps, x, training));
    }

    @Override
    protected Shape trace(Trace t, Shape in) {
        Shape a = t.apply(conv, in);
        Shape b = t.apply(shortcut, in);
        require(a.equals(b), "shape mismatch: GhostBottleneck branches give " + a + " and " + b);
        return t.add(a, b);
    }
}
