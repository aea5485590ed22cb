package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes and hand-counted parameters of the YOLOv5/v7/v8 modules. */
class CoreModulesTest {
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
    void convIsConvBnActWithFamilyBatchNormSettings() {
        Conv c = new Conv(16, 32, 3, 2, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(2, 32, 8, 8), Probe.shape(m, c, new Shape(2, 16, 16, 16)));
        assertEquals(16 * 32 * 9 + 2 * 32, Probe.params(c));
        assertEquals(1, Conv.autopad(3, 1));
        assertEquals(2, Conv.autopad(3, 2));
        // 1e-3 / PyTorch momentum 0.03: a training step moves the running mean 3% of the way to the batch mean
        BatchNorm bn = c.bn();
        Parameter mean = bn.getParameters().get("runningMean");
        assertEquals(0f, mean.getArray().sum().getFloat(), 0f);
        try (NDManager s = m.newSubManager()) {
            NDArray x = Probe.input(s, 4, 32, 4, 4).add(2f);
            float batchMean = x.get(":, 0").mean().getFloat();
            bn.forward(new ai.djl.training.ParameterStore(s, false), new NDList(x), true);
            assertEquals(0.03f * batchMean, mean.getArray().get(0).getFloat(), 1e-4f);
        }
    }

    @Test
    void groupedConvCountsItsGroups() {
        Conv dw = new Conv(16, 32, 3, 2, 1, 16, 1, Act.identity());
        assertEquals(new Shape(1, 32, 4, 4), Probe.shape(m, dw, new Shape(1, 16, 8, 8)));
        assertEquals(32 * 9 + 64, Probe.params(dw));
        assertEquals(32L * 4 * 4 * 9 + 4L * 32 * 4 * 4, Probe.macs(new Conv(16, 32, 3, 2, 1, 16, 1, Act.identity()),
                new Shape(1, 16, 8, 8)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv(16, 30, 3, 1, 1, 4, 1, Act.identity()));
        assertTrue(e.getMessage().startsWith("channel mismatch"), e.getMessage());
    }

    @Test
    void convRejectsAnInputOfTheWrongWidth() {
        Conv c = new Conv(8, 16, 1, 1, Act.identity());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.getOutputShapes(new Shape[] {new Shape(1, 4, 8, 8)}));
        assertTrue(e.getMessage().contains("expects 8 input channels, gets 4"), e.getMessage());
    }

    @Test
    void focusStacksFourPixelPhases() {
        Focus f = new Focus(3, 32, 3, 1, 1, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 8, 8), Probe.shape(m, f, new Shape(1, 3, 16, 16)));
        assertEquals(12 * 32 * 9 + 64, Probe.params(f));
    }

    @Test
    void bottleneckAddsOnlyWhenWidthsAgree() {
        Bottleneck b = new Bottleneck(64, 64, 32, true, 1, 1, 3, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 64, 8, 8), Probe.shape(m, b, new Shape(1, 64, 8, 8)));
        assertEquals(64 * 32 + 64 + 32 * 64 * 9 + 128, Probe.params(b));
        assertTrue(b.residual());
        assertFalse(new Bottleneck(32, 64, 32, true, 1, 1, 3, Act.identity()).residual());
        assertFalse(new Bottleneck(64, 64, 32, false, 1, 1, 3, Act.identity()).residual());
    }

    @Test
    void c3MatchesYolov5sRow2() {
        C3 c3 = new C3(64, 64, 32, 32, new int[] {32}, new int[] {32}, true, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 64, 16, 16), Probe.shape(m, c3, new Shape(1, 64, 16, 16)));
        assertEquals(18_816, Probe.params(c3));
        assertEquals(1, c3.m().size());
    }

    @Test
    void c3TakesExplicitInnerWidths() {
        C3 c3 = new C3(64, 64, 24, 40, new int[] {16, 8}, new int[] {24, 24}, true, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 64, 8, 8), Probe.shape(m, c3, new Shape(1, 64, 8, 8)));
        long cv1 = 64 * 24 + 48;
        long cv2 = 64 * 40 + 80;
        long m0 = 24 * 16 + 32 + 16 * 24 * 9 + 48;
        long m1 = 24 * 8 + 16 + 8 * 24 * 9 + 48;
        long cv3 = 64 * 64 + 128;
        assertEquals(cv1 + cv2 + m0 + m1 + cv3, Probe.params(c3));
    }

    @Test
    void c2fMatchesYolov8nRow2AndSplitsWhereTold() {
        C2f c2f = new C2f(32, 32, 32, 16, new int[] {16}, new int[] {16}, true, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 16, 16), Probe.shape(m, c2f, new Shape(1, 32, 16, 16)));
        assertEquals(7_360, Probe.params(c2f));
        C2f uneven = new C2f(32, 32, 30, 10, new int[] {12}, new int[] {20}, true, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 8, 8), Probe.shape(m, uneven, new Shape(1, 32, 8, 8)));
        assertEquals(20, ((Bottleneck) uneven.m().get(0)).cv1().inChannels());
        assertEquals(30 + 20, uneven.cv2().inChannels());
        assertThrows(IllegalArgumentException.class,
                () -> new C2f(32, 32, 16, 16, new int[] {8}, new int[] {8}, false, 1, Act.identity()));
    }

    @Test
    void poolingBlocksKeepOrHalveTheSize() {
        SPPF sppf = new SPPF(256, 256, 128, 5, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 256, 20, 20), Probe.shape(m, sppf, new Shape(1, 256, 20, 20)));
        assertEquals(164_608, Probe.params(sppf));
        SPP spp = new SPP(256, 256, 128, new int[] {5, 9, 13}, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 256, 20, 20), Probe.shape(m, spp, new Shape(1, 256, 20, 20)));
        assertEquals(164_608, Probe.params(spp));
        SPPCSPC csp = new SPPCSPC(64, 32, new int[] {32, 32, 32, 32, 32, 32}, new int[] {5, 9, 13}, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 8, 8), Probe.shape(m, csp, new Shape(1, 64, 8, 8)));
        assertEquals(3 * 2112 + 2 * 9280 + 1088 + 4160, Probe.params(csp));
        assertEquals(new Shape(1, 8, 8, 8), Probe.shape(m, new MP(2), new Shape(1, 8, 16, 16)));
        assertEquals(new Shape(1, 8, 16, 16), Probe.shape(m, new SP(5, 1), new Shape(1, 8, 16, 16)));
        assertEquals(new Shape(1, 8, 8, 8), Probe.shape(m, new MaxPool(3, 2, 1), new Shape(1, 8, 16, 16)));
        assertEquals(0, Probe.macs(new MP(2), new Shape(1, 8, 16, 16)));
    }

    @Test
    void upsampleRepeatsPixelsAndCountsOutputs() {
        Upsample up = new Upsample(2);
        NDArray x = m.arange(16f).reshape(1, 1, 4, 4);
        NDArray y = up.forward(new ai.djl.training.ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        assertEquals(new Shape(1, 1, 8, 8), y.getShape());
        assertEquals(x.getFloat(0, 0, 1, 2), y.getFloat(0, 0, 3, 5), 0f);
        assertEquals(x.getFloat(0, 0, 1, 2), y.getFloat(0, 0, 2, 4), 0f);
        assertEquals(3 * 8 * 8, Probe.macs(up, new Shape(1, 3, 4, 4)));
    }

    @Test
    void concatJoinsChannelsAndRefusesOtherSizes() {
        Concat c = new Concat();
        NDList y = Probe.run(m, c, new Shape(1, 4, 8, 8), new Shape(1, 6, 8, 8));
        assertEquals(new Shape(1, 10, 8, 8), y.singletonOrThrow().getShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.getOutputShapes(new Shape[] {new Shape(1, 4, 8, 8), new Shape(1, 4, 4, 4)}));
        assertTrue(e.getMessage().contains("cannot concatenate"), e.getMessage());
    }

    @Test
    void sharedActivationsCountOnceLikePyTorchModules() {
        Act silu = Act.of(Act.Kind.SILU);
        Bottleneck shared = new Bottleneck(8, 8, 8, true, 1, 1, 3, silu);
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        shared.collectModules(seen);
        assertEquals(1 + 2 * 3 + 1, seen.size());
        Conv a = new Conv(8, 8, 1, 1, Act.identity());
        Conv b = new Conv(8, 8, 1, 1, Act.identity());
        seen.clear();
        a.collectModules(seen);
        b.collectModules(seen);
        assertEquals(2 * 4, seen.size());
    }

    @Test
    void activationsParseFromYamlTokens() {
        assertEquals(Act.Kind.LEAKY_RELU, Act.parse("nn.LeakyReLU(0.1)").kind());
        assertEquals("nn.LeakyReLU(0.1)", Act.parse("nn.LeakyReLU(negative_slope=0.1)").token());
        assertEquals(Act.Kind.RELU, Act.parse("nn.ReLU(inplace=True)").kind());
        assertEquals(Act.Kind.HARDSWISH, Act.parse("torch.nn.Hardswish()").kind());
        assertThrows(IllegalArgumentException.class, () -> Act.parse("nn.Swoosh()"));
        NDArray x = m.create(new float[] {-4f, -1f, 0f, 1f, 4f});
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0f, 1f, 4f}, Act.parse("nn.LeakyReLU(0.1)").apply(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, -1f / 3, 0f, 2f / 3, 4f}, Act.of(Act.Kind.HARDSWISH).apply(x).toFloatArray(), 1e-6f);
        assertEquals(1f / (1 + (float) Math.exp(-1)), Act.of(Act.Kind.SILU).apply(x).getFloat(3), 1e-6f);
    }
}
