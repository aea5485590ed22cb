package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Small real DJL networks for the training tests: a conv + BN pair and two-level detectors (32-64 px input). */
final class TinyNets {
    private TinyNets() {
    }

    static Block convBn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().optEpsilon(1e-3f).optMomentum(0.97f).build());
    }

    static Block conv(int filters, int stride) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build())
                .add(BatchNorm.builder().optEpsilon(1e-3f).optMomentum(0.97f).build())
                .add(x -> new NDList(Activation.swish(x.singletonOrThrow(), 1f)));
    }

    /** Anchor-based head spec of {@link #detector}: strides 8 and 16, three anchors each. */
    static HeadSpec anchorHead(int nc) {
        return HeadSpec.anchorBased(nc, new int[] {8, 16},
                new float[][] {{6, 8, 12, 10, 16, 20}, {16, 24, 28, 20, 40, 40}});
    }

    /** Anchor-free head spec of {@link #detector}: strides 8 and 16, 16 bins. */
    static HeadSpec freeHead(int nc) {
        return HeadSpec.anchorFree(nc, new int[] {8, 16}, 16);
    }

    /** A two-level detector producing the raw output contract of {@code head}. */
    static Block detector(HeadSpec head) {
        return new Detector(head);
    }

    private static final class Detector extends AbstractBlock {
        private final HeadSpec head;
        private final Block stem;
        private final Block down;
        private final Block out8;
        private final Block out16;

        Detector(HeadSpec head) {
            this.head = head;
            int no = head.kind() == HeadSpec.Kind.ANCHOR_BASED ? head.na() * (head.nc() + 5) : 4 * head.regMax() + head.nc();
            stem = addChildBlock("stem", new SequentialBlock().add(conv(8, 2)).add(conv(12, 2)).add(conv(16, 2)));
            down = addChildBlock("down", conv(24, 2));
            out8 = addChildBlock("out8", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(no).build());
            out16 = addChildBlock("out16", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(no).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
            NDList p8 = stem.forward(ps, in, training, params);
            NDList p16 = down.forward(ps, p8, training, params);
            return new NDList(shape(out8.forward(ps, p8, training, params).singletonOrThrow()),
                    shape(out16.forward(ps, p16, training, params).singletonOrThrow()));
        }

        private NDArray shape(NDArray y) {
            if (head.kind() == HeadSpec.Kind.ANCHOR_FREE) {
                return y;
            }
            Shape s = y.getShape();
            return y.reshape(s.get(0), head.na(), head.nc() + 5, s.get(2), s.get(3)).transpose(0, 1, 3, 4, 2);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] in) {
            Shape[] s8 = stem.getOutputShapes(in);
            Shape[] s16 = down.getOutputShapes(s8);
            return new Shape[] {out8.getOutputShapes(s8)[0], out16.getOutputShapes(s16)[0]};
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
            stem.initialize(m, t, in);
            Shape[] s8 = stem.getOutputShapes(in);
            down.initialize(m, t, s8);
            out8.initialize(m, t, s8);
            out16.initialize(m, t, down.getOutputShapes(s8));
        }
    }
}
