package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The learned 1×1 convolutions (with bias) that map a student's feature maps to its teacher's widths, one per
 * distilled level; a level whose widths already agree passes through unchanged. They are trained with the student
 * and thrown away after training: the student's weights never contain them.
 */
public final class FeatureAdapters extends AbstractBlock {
    private final int[] studentChannels;
    private final int[] teacherChannels;
    private final Conv2d[] convs;

    /** Adapters from {@code studentChannels[l]} to {@code teacherChannels[l]} channels per level {@code l}. */
    public FeatureAdapters(int[] studentChannels, int[] teacherChannels) {
        if (studentChannels.length != teacherChannels.length) {
            throw new IllegalArgumentException(studentChannels.length + " student levels for " + teacherChannels.length
                    + " teacher levels");
        }
        this.studentChannels = studentChannels.clone();
        this.teacherChannels = teacherChannels.clone();
        convs = new Conv2d[studentChannels.length];
        for (int l = 0; l < convs.length; l++) {
            if (studentChannels[l] != teacherChannels[l]) {
                convs[l] = addChildBlock("level" + l, Conv2d.builder().setKernelShape(new Shape(1, 1))
                        .setFilters(teacherChannels[l]).build());
            }
        }
    }

    /** Number of levels. */
    public int levels() {
        return convs.length;
    }

    /** Whether level {@code l} has a convolution (its widths differ). */
    public boolean adapts(int l) {
        return convs[l] != null;
    }

    /** Initialises the convolutions in {@code manager}; returns this. */
    public FeatureAdapters initialize(NDManager manager) {
        Shape[] shapes = new Shape[convs.length];
        for (int l = 0; l < convs.length; l++) {
            shapes[l] = new Shape(1, studentChannels[l], 1, 1);
        }
        initialize(manager, DataType.FLOAT32, shapes);
        return this;
    }

    /** Level {@code l}'s student feature map at the teacher's width. */
    public NDArray adapt(ParameterStore ps, int l, NDArray x, boolean training) {
        return convs[l] == null ? x : convs[l].forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = new NDList();
        for (int l = 0; l < convs.length; l++) {
            out.add(adapt(ps, l, inputs.get(l), training));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape[] out = new Shape[inputs.length];
        for (int l = 0; l < inputs.length; l++) {
            long[] d = inputs[l].getShape().clone();
            d[1] = teacherChannels[l];
            out[l] = new Shape(d);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int l = 0; l < convs.length; l++) {
            if (convs[l] != null) {
                convs[l].initialize(manager, dataType, inputShapes[l]);
            }
        }
    }
}
