package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AFPN's parts: shapes, parameters and multiply-accumulates against a hand count, and what they compute. */
class AfpnModulesTest {
    private static final int W = HandCount.WEIGHT_WIDTH;
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static ASFF asff(int[] c1s, int level, int c2) {
        int[][] down = new int[c1s.length][];
        for (int j = 0; j < c1s.length; j++) {
            down[j] = new int[Math.max(0, level - j - 1)];
            java.util.Arrays.fill(down[j], c1s[j]);
        }
        int[] weights = new int[c1s.length];
        java.util.Arrays.fill(weights, W);
        return new ASFF(c1s, level, c2, weights, down, Act.of(Act.Kind.SILU));
    }

    private static Shape[] pyramid(int[] c1s, int side) {
        Shape[] in = new Shape[c1s.length];
        for (int j = 0; j < c1s.length; j++) {
            in[j] = new Shape(2, c1s[j], side >> j, side >> j);
        }
        return in;
    }

    @Test
    void twoLevelFusionAtEitherLevel() {
        int[] c1s = {16, 32};
        for (int level = 0; level < 2; level++) {
            int c2 = 24 + 8 * level;
            ASFF a = asff(c1s, level, c2);
            Shape out = Probe.run(m, a, pyramid(c1s, 16)).singletonOrThrow().getShape();
            int side = 16 >> level;
            assertEquals(new Shape(2, c2, side, side), out, "level " + level);
            assertEquals(HandCount.asff(c1s, level, c2), Probe.params(a), "level " + level);
        }
    }

    @Test
    void threeLevelFusionAtEveryLevelIncludingTheTwoStepDownPath() {
        int[] c1s = {16, 32, 64};
        for (int level = 0; level < 3; level++) {
            ASFF a = asff(c1s, level, c1s[level]);
            Shape out = Probe.run(m, a, pyramid(c1s, 32)).singletonOrThrow().getShape();
            int side = 32 >> level;
            assertEquals(new Shape(2, c1s[level], side, side), out, "level " + level);
            assertEquals(HandCount.asff(c1s, level, c1s[level]), Probe.params(a), "level " + level);
        }
        ASFF top = asff(c1s, 2, 64);
        assertEquals(2, ((Sequential) top.resize(0)).size(), "P3 reaches P5 through two stride-2 Convs");
    }

    @Test
    void multiplyAccumulatesAreConvolutionsBatchNormsAndUpsampling() {
        int[] c1s = {16, 32, 64};
        ASFF a = asff(c1s, 1, 40);
        long hw = 8 * 8;
        long c = 32;
        long down = c * hw * 16 * 9 + 4 * c * hw;
        long up = c * 16 * 64 + 4 * c * 16 + c * hw;
        long compress = 3 * (W * hw * c + 4 * W * hw);
        long logits = 3 * hw * 3 * W;
        long out = 40 * hw * c * 9 + 4 * 40 * hw;
        assertEquals(down + up + compress + logits + out, Probe.macs(a, new Shape(1, 16, 16, 16), new Shape(1, 32, 8, 8),
                new Shape(1, 64, 4, 4)));
    }

    @Test
    void theSoftmaxWeightsPickTheLevelWhoseLogitDominates() {
        int[] c1s = {8, 16};
        ASFF a = asff(c1s, 0, 8);
        Shape[] in = pyramid(c1s, 8);
        NDList x = new NDList(m.randomUniform(0f, 1f, in[0]), m.randomUniform(0f, 1f, in[1]));
        Probe.run(m, a, in);
        ParameterStore ps = new ParameterStore(m, false);
        Parameter weight = a.weightLevels().getParameters().get("weight");
        weight.getArray().set(new float[(int) weight.getArray().size()]);
        NDArray bias = a.weightLevels().getParameters().get("bias").getArray();
        NDArray finer = a.conv().forward(ps, new NDList(x.get(0)), false).singletonOrThrow();
        NDArray upsampled = a.resize(1).forward(ps, new NDList(x.get(1)), false).singletonOrThrow();
        NDArray coarser = a.conv().forward(ps, new NDList(upsampled), false).singletonOrThrow();
        bias.set(new float[] {60f, 0f});
        assertClose(finer, a.forward(ps, x, false).singletonOrThrow());
        bias.set(new float[] {0f, 60f});
        assertClose(coarser, a.forward(ps, x, false).singletonOrThrow());
        bias.set(new float[] {0f, 0f});
        NDArray half = a.conv().forward(ps, new NDList(x.get(0).add(upsampled).div(2f)), false).singletonOrThrow();
        assertClose(half, a.forward(ps, x, false).singletonOrThrow());
    }

    @Test
    void badLevelsAndMisalignedInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> asff(new int[] {16, 32}, 2, 16));
        assertThrows(IllegalArgumentException.class, () -> asff(new int[] {16}, 0, 16));
        ASFF a = asff(new int[] {16, 32}, 0, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.getOutputShapes(new Shape[] {new Shape(1, 16, 16, 16), new Shape(1, 32, 4, 4)}));
        assertTrue(e.getMessage().startsWith("shape mismatch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> a.getOutputShapes(new Shape[] {new Shape(1, 8, 16, 16), new Shape(1, 32, 8, 8)}));
        assertTrue(e.getMessage().startsWith("channel mismatch"), e.getMessage());
    }

    @Test
    void basicBlockIsTwoConvsAndAResidual() {
        BasicBlock b = new BasicBlock(32, 24, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(2, 32, 8, 8), Probe.shape(m, b, new Shape(2, 32, 8, 8)));
        assertEquals(HandCount.conv(32, 24, 3) + HandCount.conv(24, 32, 3), Probe.params(b));
        assertEquals(24 * 64 * 32 * 9 + 4 * 24 * 64 + 32 * 64 * 24 * 9 + 4 * 32 * 64, Probe.macs(b, new Shape(1, 32, 8, 8)));
        for (Parameter p : b.cv2().bn().getParameters().values()) {
            if (p.getType() == Parameter.Type.GAMMA || p.getType() == Parameter.Type.BETA) {
                p.getArray().set(new float[32]);
            }
        }
        NDArray x = m.randomNormal(new Shape(1, 32, 4, 4));
        NDArray y = b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        assertClose(x.mul(Activation.sigmoid(x)), y);
        assertThrows(IllegalArgumentException.class, () -> b.getOutputShapes(new Shape[] {new Shape(1, 16, 8, 8)}));
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * (1 + Math.abs(e[i])), "element " + i);
        }
    }
}
