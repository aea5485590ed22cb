package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detection heads: raw layouts, parameter counts, bias priors and decoding. */
class HeadModulesTest {
    private static final float[][] ANCHORS = {{10, 13, 16, 30, 33, 23}, {30, 61, 62, 45, 59, 119}, {116, 90, 156, 198, 373, 326}};
    private static final float[] STRIDES = {8, 16, 32};
    private static final Shape[] INPUTS = {new Shape(2, 64, 8, 8), new Shape(2, 128, 4, 4), new Shape(2, 256, 2, 2)};
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static AnchorDetect detect(boolean implicit) {
        AnchorDetect d = implicit ? new IDetect(80, ANCHORS, new int[] {64, 128, 256})
                : new AnchorDetect(80, ANCHORS, new int[] {64, 128, 256});
        d.setStrides(STRIDES);
        return d;
    }

    @Test
    void anchorDetectGivesYolov5TrainingLayout() {
        AnchorDetect d = detect(false);
        NDList y = Probe.run(m, d, INPUTS);
        assertEquals(new Shape(2, 3, 8, 8, 85), y.get(0).getShape());
        assertEquals(new Shape(2, 3, 2, 2, 85), y.get(2).getShape());
        assertEquals(115_005, Probe.params(d));
        assertEquals(DetectHead.Kind.ANCHOR_BASED, d.kind());
        assertEquals(3, d.na());
    }

    @Test
    void anchorBiasesCarryTheYolov5Priors() {
        AnchorDetect d = detect(false);
        d.initialize(m, DataType.FLOAT32, INPUTS);
        for (int level = 0; level < 3; level++) {
            float[] b = d.outputConv(level).getParameters().get("bias").getArray().toFloatArray();
            double bound = 1 / Math.sqrt(64 << level);
            double obj = Math.log(8 / Math.pow(640.0 / STRIDES[level], 2));
            double cls = Math.log(0.6 / (80 - 0.99));
            for (int a = 0; a < 3; a++) {
                assertEquals(obj, b[a * 85 + 4], bound + 1e-6);
                assertEquals(cls, b[a * 85 + 5 + 17], bound + 1e-6);
                assertEquals(0, b[a * 85], bound + 1e-6);
            }
        }
    }

    @Test
    void iDetectAddsImplicitParameters() {
        AnchorDetect d = detect(true);
        NDList y = Probe.run(m, d, INPUTS);
        assertEquals(new Shape(2, 3, 4, 4, 85), y.get(1).getShape());
        assertEquals(115_005 + 64 + 128 + 256 + 3 * 255, Probe.params(d));
        float mean = 0;
        int count = 0;
        for (var p : d.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.OTHER && p.getValue().getShape().get(1) == 255) {
                mean += p.getValue().getArray().mean().getFloat();
                count++;
            }
        }
        assertEquals(3, count);
        assertEquals(1.0, mean / count, 0.01);
    }

    @Test
    void anchorDecodingFollowsYolov5() {
        AnchorDetect d = detect(false);
        NDList raw = new NDList(m.zeros(new Shape(1, 3, 8, 8, 85)), m.zeros(new Shape(1, 3, 4, 4, 85)),
                m.zeros(new Shape(1, 3, 2, 2, 85)));
        NDArray out = d.decode(raw);
        assertEquals(new Shape(1, 3 * (64 + 16 + 4), 84), out.getShape());
        // anchor 1 of level 0 at cell (x=2, y=5): sigmoid(0) = 0.5 everywhere
        NDArray box = out.get(0, 64 + 5 * 8 + 2);
        assertArrayEquals(new float[] {(0.5f + 2) * 8, (0.5f + 5) * 8, 16, 30}, box.get(":4").toFloatArray(), 1e-5f);
        assertEquals(0.25f, box.getFloat(4 + 7), 1e-6f);
        NDArray last = out.get(0, 3 * 84 - 1);
        assertArrayEquals(new float[] {1.5f * 32, 1.5f * 32, 373, 326}, last.get(":4").toFloatArray(), 1e-4f);
    }

    @Test
    void anchorFreeDetectMatchesYolov8n() {
        int[][] box = {{64, 64}, {64, 64}, {64, 64}};
        int[][] cls = {{80, 80}, {80, 80}, {80, 80}};
        AnchorFreeDetect d = new AnchorFreeDetect(80, new int[] {64, 128, 256}, 16, box, cls, Act.of(Act.Kind.SILU));
        d.setStrides(STRIDES);
        NDList y = Probe.run(m, d, INPUTS);
        assertEquals(new Shape(2, 144, 8, 8), y.get(0).getShape());
        assertEquals(897_664, Probe.params(d));
        assertEquals(DetectHead.Kind.ANCHOR_FREE, d.kind());
        assertEquals(16, d.regMax());
        for (int level = 0; level < 3; level++) {
            Conv2d boxOut = (Conv2d) d.boxBranch(level).get(2);
            Conv2d clsOut = (Conv2d) d.classBranch(level).get(2);
            assertArrayEquals(new float[] {1f, 1f}, boxOut.getParameters().get("bias").getArray().get(":2").toFloatArray(), 0f);
            float prior = (float) Math.log(5.0 / 80 / Math.pow(640.0 / STRIDES[level], 2));
            assertEquals(prior, clsOut.getParameters().get("bias").getArray().getFloat(79), 1e-6f);
        }
        Parameter dfl = d.getParameters().values().stream().filter(p -> p.getShape().equals(new Shape(1, 16, 1, 1)))
                .findFirst().orElseThrow();
        assertFalse(dfl.requiresGradient());
        assertArrayEquals(m.arange(16f).toFloatArray(), dfl.getArray().toFloatArray(), 0f);
    }

    @Test
    void anchorFreeDecodingTakesTheDistributionMean() {
        int[][] w = {{64, 64}, {64, 64}, {64, 64}};
        AnchorFreeDetect d = new AnchorFreeDetect(3, new int[] {64, 128, 256}, 16, w, w, Act.of(Act.Kind.SILU));
        d.setStrides(STRIDES);
        d.initialize(m, DataType.FLOAT32, INPUTS);
        NDArray level0 = m.zeros(new Shape(1, 67, 8, 8));
        NDList raw = new NDList(level0, m.zeros(new Shape(1, 67, 4, 4)), m.zeros(new Shape(1, 67, 2, 2)));
        NDArray out = d.decode(raw);
        assertEquals(new Shape(1, 64 + 16 + 4, 7), out.getShape());
        // uniform bins: 7.5 cells to every side, so a 15-cell square centred on the cell centre
        assertArrayEquals(new float[] {(3 + 0.5f) * 8, (1 + 0.5f) * 8, 15 * 8, 15 * 8, 0.5f, 0.5f, 0.5f},
                out.get(0, 8 + 3).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {(1 + 0.5f) * 32, (1 + 0.5f) * 32, 15 * 32, 15 * 32},
                out.get(0, 83).get(":4").toFloatArray(), 1e-3f);
        assertTrue(d.anchors().length == 0 && d.na() == 1);
    }
}
