package org.slimlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channels-last activations change the layout only: values, outputs and gradients stay what they were. */
class ChannelsLastTest {
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void theLayoutCopyKeepsShapeAndValues() {
        try (NDManager s = m.newSubManager()) {
            NDArray x = s.arange(0f, 2 * 3 * 4 * 5).reshape(2, 3, 4, 5);
            NDArray cl = ChannelsLast.of(x);
            assertEquals(x.getShape(), cl.getShape());
            assertArrayEquals(x.toFloatArray(), cl.toFloatArray(), 0f);
            assertEquals(x.get("1, 2, 3, 4").getFloat(), cl.get("1, 2, 3, 4").getFloat(), 0f);
            assertThrows(IllegalArgumentException.class, () -> ChannelsLast.of(x.reshape(6, 20)));
        }
    }

    /** A model with a width of 12 (not a multiple of 8) between widths of 16. */
    private static YoloModel oddWidths() {
        String yaml = String.join("\n",
                "nc: 2", "depth_multiple: 1.0", "width_multiple: 1.0", "channel_divisor: 1",
                "anchors:", "  - [10, 13, 16, 30, 33, 23]",
                "backbone:",
                "  - [-1, 1, Conv, [16, 3, 2]]",
                "  - [-1, 1, Conv, [12, 3, 1]]",
                "  - [-1, 1, Conv, [16, 1, 1]]",
                "head:",
                "  - [[2], 1, Detect, [nc, anchors]]", "");
        return YoloModel.build(ModelSpec.parse(yaml, "odd.yaml", null));
    }

    @Test
    void byDefaultItIsOnWhereEveryWidthIsAMultipleOf8() {
        withProperty(null, () -> {
            assertTrue(YoloModel.build("yolov5n").initialize(m).channelsLast());
            YoloModel odd = oddWidths();
            assertTrue(odd.channelsLast(), "provisional before the parameters have shapes");
            assertFalse(odd.initialize(m).channelsLast());
            assertTrue(odd.setChannelsLast(true).channelsLast());
        });
        assertTrue(ChannelsLast.suits(new long[] {16, 8, 256}));
        assertFalse(ChannelsLast.suits(new long[] {16, 37, 256}));
    }

    @Test
    void thePropertyDecidesForEveryModel() {
        withProperty("false", () -> assertFalse(YoloModel.build("yolov5n").initialize(m).channelsLast()));
        withProperty("true", () -> assertTrue(oddWidths().initialize(m).channelsLast()));
        withProperty("auto", () -> assertFalse(oddWidths().initialize(m).channelsLast()));
        withProperty("sometimes", () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YoloModel.build("yolov5n"));
            assertTrue(e.getMessage().contains(ChannelsLast.PROPERTY + "=sometimes"), e.getMessage());
        });
    }

    private static void withProperty(String value, Runnable body) {
        String old = System.getProperty(ChannelsLast.PROPERTY);
        try {
            if (value == null) {
                System.clearProperty(ChannelsLast.PROPERTY);
            } else {
                System.setProperty(ChannelsLast.PROPERTY, value);
            }
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(ChannelsLast.PROPERTY);
            } else {
                System.setProperty(ChannelsLast.PROPERTY, old);
            }
        }
    }

    /**
     * Every shipped config, BatchNorm on running statistics: outputs and every parameter's gradient agree with
     * and without it to 1e-4 (relative L2).
     */
    @Test
    void outputsAndGradientsMatchTheDefaultLayoutOnEveryShippedConfig() {
        for (String name : BuilderTest.shippedModels()) {
            compare(name, false, 2, 64, 96, 1e-4);
        }
    }

    /**
     * In training mode too (BatchNorm on batch statistics, its channels-last kernels). Batch statistics over a
     * few pixels amplify rounding, so this runs one model at a size where they are well conditioned.
     */
    @Test
    void trainingModeGradientsMatchTheDefaultLayout() {
        compare("yolov5n", true, 2, 128, 128, 1e-3);
    }

    private static void compare(String name, boolean training, int n, int h, int w, double tol) {
        try (NDManager s = m.newSubManager()) {
            Engine.getInstance().setRandomSeed(7);
            YoloModel model = YoloModel.build(name).initialize(s);
            NDArray x = s.randomUniform(0f, 1f, new Shape(n, 3, h, w));
            List<List<float[]>> outs = new ArrayList<>();
            List<List<float[]>> grads = new ArrayList<>();
            for (boolean cl : new boolean[] {false, true}) {
                model.setChannelsLast(cl);
                List<float[]> o = new ArrayList<>();
                List<float[]> g = new ArrayList<>();
                try (NDManager step = s.newSubManager()) {
                    NDList raw;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients();
                        raw = model.forward(new ParameterStore(step, false), new NDList(x), training);
                        NDArray loss = null;
                        for (NDArray r : raw) {
                            NDArray part = r.square().mean();
                            loss = loss == null ? part : loss.add(part);
                        }
                        gc.backward(loss);
                    }
                    for (NDArray r : raw) {
                        o.add(r.toFloatArray());
                    }
                    for (Pair<String, Parameter> p : model.getParameters()) {
                        NDArray a = p.getValue().getArray();
                        if (a.hasGradient()) {
                            g.add(a.getGradient().toFloatArray());
                        }
                    }
                }
                outs.add(o);
                grads.add(g);
            }
            for (int l = 0; l < outs.get(0).size(); l++) {
                assertClose(outs.get(0).get(l), outs.get(1).get(l), tol, name + " output " + l);
            }
            assertEquals(grads.get(0).size(), grads.get(1).size(), name);
            assertFalse(grads.get(0).isEmpty(), name);
            for (int i = 0; i < grads.get(0).size(); i++) {
                assertClose(grads.get(0).get(i), grads.get(1).get(i), tol, name + " gradient " + i);
            }
        }
    }

    /**
     * L2 distance at most {@code tol} of the reference's norm, plus 1e-6 per value for gradients that are zero
     * but for rounding: float reassociation inside the kernels, nothing more.
     */
    private static void assertClose(float[] a, float[] b, double tol, String what) {
        assertEquals(a.length, b.length, what);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
            norm += (double) a[i] * a[i];
        }
        if (Math.sqrt(diff) > tol * Math.sqrt(norm) + 1e-6 * Math.sqrt(a.length)) {
            throw new AssertionError(what + ": L2 difference " + Math.sqrt(diff) + " against norm " + Math.sqrt(norm)
                    + " (" + a.length + " values)");
        }
    }
}
