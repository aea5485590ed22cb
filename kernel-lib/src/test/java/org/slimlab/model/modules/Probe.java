package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.slimlab.model.YoloModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs a standalone module: initialize, forward random data, check the traced shape. */
final class Probe {
    private Probe() {
    }

    /** Initializes {@code block} for {@code in}, runs it on uniform noise and returns the outputs. */
    static NDList run(NDManager m, Block block, Shape... in) {
        block.initialize(m, DataType.FLOAT32, in);
        NDList x = new NDList();
        for (Shape s : in) {
            x.add(m.randomUniform(0f, 1f, s));
        }
        NDList y = block.forward(new ParameterStore(m, false), x, false);
        Shape[] traced = block.getOutputShapes(in);
        assertEquals(traced.length, y.size(), "number of outputs");
        for (int i = 0; i < traced.length; i++) {
            assertEquals(traced[i], y.get(i).getShape(), "traced shape of output " + i);
        }
        return y;
    }

    /** Output shape of a single-output module. */
    static Shape shape(NDManager m, Block block, Shape in) {
        return run(m, block, in).singletonOrThrow().getShape();
    }

    static long params(Block block) {
        return YoloModel.parameterCount(block);
    }

    /** Multiply-accumulates the trace counts for {@code in}. */
    static long macs(YoloModule block, Shape... in) {
        Trace t = Trace.counting();
        block.trace(t, in);
        return t.macs();
    }

    static NDArray input(NDManager m, long... shape) {
        return m.randomUniform(0f, 1f, new Shape(shape));
    }
}
