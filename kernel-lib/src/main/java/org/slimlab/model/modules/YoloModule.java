package org.slimlab.model.modules;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Base of every SlimLab layer. A module names its children the way the PyTorch original does
 * ({@code cv1}, {@code m.0}, {@code bn}), so a layer is addressed as {@code model.3.cv1.conv}, and it
 * describes its data flow once, in {@link #trace}: that single description gives the output shapes,
 * initializes the children with the right input shapes, and counts multiply-accumulates.
 */
public abstract class YoloModule extends AbstractBlock {
    private final Map<String, Block> named = new LinkedHashMap<>();

    /** Registers a child under its PyTorch attribute name. */
    protected final <B extends Block> B child(String name, B block) {
        named.put(name, block);
        return addChildBlock(name, block);
    }

    /** Children by their PyTorch attribute names, in declaration order. */
    public Map<String, Block> namedChildren() {
        return Collections.unmodifiableMap(named);
    }

    /**
     * Walks the data flow on shapes: each child is visited through {@link Trace#apply}, which also
     * initializes or counts it depending on the trace.
     *
     * @param trace what to do with each child on the way
     * @param inputs the input shapes
     * @return the output shapes
     */
    public abstract Shape[] trace(Trace trace, Shape... inputs);

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return trace(Trace.shapes(), inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        trace(Trace.initializing(manager, dataType), inputs);
    }

    /** Initialized when every parameter below has an array; the input shape does not matter. */
    @Override
    public boolean isInitialized() {
        for (Pair<String, Parameter> p : getParameters()) {
            if (!p.getValue().isInitialized()) {
                return false;
            }
        }
        return true;
    }

    /** Parameters only: structure comes from the model yaml, never from the weights file. */
    @Override
    protected void saveMetadata(DataOutputStream os) {
        // nothing beyond the parameters
    }

    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws MalformedModelException {
        if (loadVersion != version) {
            throw new MalformedModelException("weights version " + loadVersion + " for " + getClass().getSimpleName()
                    + ", expected " + version);
        }
    }

    /**
     * Adds this module and every object PyTorch's {@code model.modules()} would list for it (children,
     * activations, containers) to an identity set; shared objects count once, as in PyTorch.
     */
    public void collectModules(Set<Object> acc) {
        acc.add(this);
        for (Block b : getChildren().values()) {
            if (b instanceof YoloModule m) {
                m.collectModules(acc);
            } else {
                acc.add(b);
            }
        }
    }

    /** Runs a single-input, single-output child. */
    protected static NDArray call(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Output size of a convolution or pooling window along one axis. */
    protected static long outSize(long in, int k, int s, int p, int d) {
        return Math.floorDiv(in + 2L * p - (long) d * (k - 1) - 1, s) + 1;
    }

    /** The shape {@code in} with its channel count replaced. */
    protected static Shape withChannels(Shape in, long c) {
        return new Shape(in.get(0), c, in.get(2), in.get(3));
    }

    /** Fails with a channel-mismatch message unless {@code ok}. */
    protected static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
