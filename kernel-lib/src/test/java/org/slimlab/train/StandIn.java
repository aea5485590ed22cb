package org.slimlab.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A plain three-level conv network with a YOLOv8-shaped head, to put loss timings next to a training step. */
final class StandIn extends AbstractBlock {
    private final Block s8;
    private final Block s16;
    private final Block s32;
    private final Block h8;
    private final Block h16;
    private final Block h32;

    private StandIn(int no) {
        s8 = addChildBlock("s8", new SequentialBlock().add(TinyNets.conv(16, 2)).add(TinyNets.conv(32, 2))
                .add(TinyNets.conv(32, 1)).add(TinyNets.conv(64, 2)).add(TinyNets.conv(64, 1)));
        s16 = addChildBlock("s16", new SequentialBlock().add(TinyNets.conv(128, 2)).add(TinyNets.conv(128, 1)));
        s32 = addChildBlock("s32", new SequentialBlock().add(TinyNets.conv(256, 2)).add(TinyNets.conv(256, 1)));
        h8 = addChildBlock("h8", head(64, no));
        h16 = addChildBlock("h16", head(64, no));
        h32 = addChildBlock("h32", head(64, no));
    }

    static Block block(HeadSpec head) {
        return new StandIn(4 * head.regMax() + head.nc());
    }

    private static Block head(int c, int no) {
        return new SequentialBlock().add(TinyNets.conv(c, 1)).add(TinyNets.conv(c, 1))
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(no).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList x, boolean training, PairList<String, Object> p) {
        NDList a = s8.forward(ps, x, training, p);
        NDList b = s16.forward(ps, a, training, p);
        NDList c = s32.forward(ps, b, training, p);
        return new NDList(h8.forward(ps, a, training, p).singletonOrThrow(),
                h16.forward(ps, b, training, p).singletonOrThrow(), h32.forward(ps, c, training, p).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape[] a = s8.getOutputShapes(in);
        Shape[] b = s16.getOutputShapes(a);
        Shape[] c = s32.getOutputShapes(b);
        return new Shape[] {h8.getOutputShapes(a)[0], h16.getOutputShapes(b)[0], h32.getOutputShapes(c)[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
        s8.initialize(m, t, in);
        Shape[] a = s8.getOutputShapes(in);
        s16.initialize(m, t, a);
        Shape[] b = s16.getOutputShapes(a);
        s32.initialize(m, t, b);
        h8.initialize(m, t, a);
        h16.initialize(m, t, b);
        h32.initialize(m, t, s32.getOutputShapes(b));
    }
}
