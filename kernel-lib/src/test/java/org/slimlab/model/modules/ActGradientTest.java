package org.slimlab.model.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Activation gradients against their formulas, with a garbage collection and reuse of freed native memory
 * between the forward and the backward pass: constants that autograd keeps must live until the backward pass.
 */
class ActGradientTest {
    /** Points away from the kinks, on both sides of every breakpoint (-3, 0, 3, 6). */
    private static final float[] X = {-7.5f, -3.5f, -2.5f, -1.25f, -0.5f, 0.25f, 1.5f, 2.75f, 3.5f, 5.5f, 6.5f, 9f};

    @Test
    void hardswishGradientIsExact() {
        check(x -> Act.of(Act.Kind.HARDSWISH).apply(x), x -> x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6);
    }

    @Test
    void hardSigmoidGradientIsExact() {
        check(Act::hardSigmoid, x -> x < -3 || x > 3 ? 0 : 1.0 / 6);
    }

    @Test
    void relu6GradientIsExact() {
        check(x -> Act.of(Act.Kind.RELU6).apply(x), x -> x < 0 || x > 6 ? 0 : 1);
    }

    @Test
    void squeezeExciteGateTrainsThroughGarbageCollection() {
        check(x -> x.mul(Act.hardSigmoid(x)), x -> x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6);
    }

    private static void check(UnaryOperator<NDArray> f, DoubleUnaryOperator derivative) {
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = (float) derivative.applyAsDouble(X[i]);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                    NDManager step = m.newSubManager()) {
                NDArray input = x.mul(step.create(1f));
                NDArray total = f.apply(input).sum();
                churnNativeMemory();
                gc.backward(total);
            }
            assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
        }
    }

    /** Collects garbage and refills freed direct memory with large values. */
    private static void churnNativeMemory() {
        for (int k = 0; k < 3; k++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ByteBuffer[] junk = new ByteBuffer[4000];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = ByteBuffer.allocateDirect(4 + 4 * (j % 4));
                junk[j].putFloat(0, 1e30f);
            }
        }
    }
}
