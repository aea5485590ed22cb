package org.slimlab.slim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.slimlab.model.Configs;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models with non-trivial BatchNorm state, inputs and output comparison for the pruning tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** Every shipped config by a buildable name (files with scales at scale n). */
    static List<String> shippedModels() {
        List<String> names = new ArrayList<>();
        for (String b : Configs.builtin()) {
            names.add(ModelSpec.load(b).scales() != null ? b.replaceFirst("^(yolov\\d+)", "$1n") : b);
        }
        return names;
    }

    /**
     * An initialized model whose BatchNorm γ, β, running statistics and channel-wise parameters are
     * drawn at random, so that every channel is distinct.
     */
    static YoloModel model(String cfg, NDManager m, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        return randomized(YoloModel.build(ModelSpec.load(cfg).withNc(3)).initialize(m), seed);
    }

    /** Draws {@code model}'s BatchNorm state and channel-wise parameters at random (see {@link #model}). */
    static YoloModel randomized(YoloModel model, long seed) {
        Random rnd = new Random(seed);
        for (Parameter p : model.namedParameters().values()) {
            float[] v = p.getArray().toFloatArray();
            boolean changed = true;
            switch (p.getType()) {
                case GAMMA -> fill(v, () -> 0.3f + rnd.nextFloat());
                case BETA, RUNNING_MEAN -> fill(v, () -> (float) rnd.nextGaussian() * 0.2f);
                case RUNNING_VAR -> fill(v, () -> 0.5f + rnd.nextFloat());
                case OTHER -> fill(v, () -> 1f + (float) rnd.nextGaussian() * 0.1f);
                default -> changed = false;
            }
            if (changed) {
                p.getArray().set(v);
            }
        }
        return model;
    }

    private static void fill(float[] v, java.util.function.Supplier<Float> f) {
        for (int i = 0; i < v.length; i++) {
            v[i] = f.get();
        }
    }

    /** A seeded batch of two 64×64 images. */
    static NDArray input(NDManager m, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        return m.randomUniform(0f, 1f, new Shape(2, 3, 64, 64));
    }

    /** Raw head outputs in inference mode, flattened level by level. */
    static float[][] outputs(YoloModel model, NDArray x) {
        NDList out = model.forward(new ParameterStore(x.getManager(), false), new NDList(x), false);
        float[][] r = new float[out.size()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i).toFloatArray();
        }
        return r;
    }

    /** Asserts equal outputs up to {@code tol} relative to 1 + |expected|. */
    static void assertClose(float[][] expected, float[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": levels");
        for (int l = 0; l < expected.length; l++) {
            assertEquals(expected[l].length, actual[l].length, what + ": level " + l + " size");
            for (int i = 0; i < expected[l].length; i++) {
                double e = expected[l][i];
                double d = Math.abs(e - actual[l][i]);
                assertTrue(d <= tol * (1 + Math.abs(e)), what + ": level " + l + " element " + i + " expected " + e + " got "
                        + actual[l][i]);
            }
        }
    }
}
