package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes and hand-counted parameters of the lightweight modules. */
class LightModulesTest {
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
    void ghostConvMatchesYolov5sGhostRow1() {
        GhostConv g = new GhostConv(32, 64, 3, 2, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 64, 8, 8), Probe.shape(m, g, new Shape(1, 32, 16, 16)));
        assertEquals(10_144, Probe.params(g));
        assertThrows(IllegalArgumentException.class, () -> new GhostConv(32, 63, 1, 1, 1, Act.identity()));
    }

    @Test
    void ghostBottleneckAtStrideOneAndTwo() {
        GhostBottleneck s1 = new GhostBottleneck(32, 32, 16, 3, 1, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 8, 8), Probe.shape(m, s1, new Shape(1, 32, 8, 8)));
        assertEquals(1_208, Probe.params(s1));
        GhostBottleneck s2 = new GhostBottleneck(16, 32, 16, 3, 2, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 4, 4), Probe.shape(m, s2, new Shape(1, 16, 8, 8)));
        assertEquals(360 + 176 + 720 + 176 + 576, Probe.params(s2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GhostBottleneck(16, 32, 16, 3, 1, Act.identity()));
        assertTrue(e.getMessage().startsWith("channel mismatch"), e.getMessage());
    }

    @Test
    void c3GhostMatchesYolov5sGhostRow2() {
        C3Ghost c = new C3Ghost(64, 64, 32, 32, new int[] {16}, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 64, 8, 8), Probe.shape(m, c, new Shape(1, 64, 8, 8)));
        assertEquals(9_656, Probe.params(c));
    }

    @Test
    void mobileNetV3BlocksMatchTorchvision() {
        MobileNetV3Block first = new MobileNetV3Block(16, 16, 16, 3, 2, true, false, 8);
        assertEquals(new Shape(1, 16, 8, 8), Probe.shape(m, first, new Shape(1, 16, 16, 16)));
        assertEquals(176 + 280 + 288, Probe.params(first));
        MobileNetV3Block expand = new MobileNetV3Block(16, 24, 72, 3, 2, false, false, 0);
        assertEquals(new Shape(1, 24, 4, 4), Probe.shape(m, expand, new Shape(1, 16, 8, 8)));
        assertEquals(1296 + 792 + 1776, Probe.params(expand));
        MobileNetV3Block same = new MobileNetV3Block(40, 40, 240, 5, 1, true, true, 64);
        assertEquals(new Shape(1, 40, 8, 8), Probe.shape(m, same, new Shape(1, 40, 8, 8)));
        assertTrue(same.residual());
        assertFalse(expand.residual());
        assertEquals(57_264, Probe.params(same));
    }

    @Test
    void shuffleNetV2UnitsMatchTorchvisionAndShuffle() {
        ShuffleNetV2Block down = new ShuffleNetV2Block(24, 48, 2, 24);
        assertEquals(new Shape(1, 48, 8, 8), Probe.shape(m, down, new Shape(1, 24, 16, 16)));
        assertEquals(2_400, Probe.params(down));
        ShuffleNetV2Block unit = new ShuffleNetV2Block(48, 48, 1, 24);
        unit.initialize(m, DataType.FLOAT32, new Shape(1, 48, 4, 4));
        assertEquals(1_512, Probe.params(unit));
        NDArray x = Probe.input(m, 1, 48, 4, 4);
        NDArray y = unit.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        assertEquals(new Shape(1, 48, 4, 4), y.getShape());
        // the untouched half lands on even channels after the shuffle
        assertArrayEquals(x.get("0, 1").toFloatArray(), y.get("0, 2").toFloatArray(), 0f);
        assertArrayEquals(x.get("0, 23").toFloatArray(), y.get("0, 46").toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new ShuffleNetV2Block(48, 96, 1, 48));
    }

    @Test
    void partialConvolutionTouchesAQuarter() {
        PConv p = new PConv(16, 4);
        p.initialize(m, DataType.FLOAT32, new Shape(1, 16, 8, 8));
        assertEquals(4 * 4 * 9, Probe.params(p));
        NDArray x = Probe.input(m, 1, 16, 8, 8);
        NDArray y = p.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        assertEquals(x.getShape(), y.getShape());
        assertArrayEquals(x.get(":, 4:").toFloatArray(), y.get(":, 4:").toFloatArray(), 0f);
        assertFalse(x.get(":, :4").contentEquals(y.get(":, :4")));
        assertEquals(64L * 4 * 4 * 9, Probe.macs(new PConv(16, 4), new Shape(1, 16, 8, 8)));
    }

    @Test
    void csppcMatchesYolov8nCsppcRow2() {
        CSPPC c = new CSPPC(32, 32, 32, 16, 1, 4, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 32, 16, 16), Probe.shape(m, c, new Shape(1, 32, 16, 16)));
        assertEquals(2_976, Probe.params(c));
    }

    @Test
    void aDownHalvesTheSizeLikeAStrideTwoConv() {
        ADown a = new ADown(32, 16, 32, 32, Act.of(Act.Kind.SILU));
        assertEquals(new Shape(1, 64, 8, 8), Probe.shape(m, a, new Shape(1, 32, 16, 16)));
        assertEquals(5_248, Probe.params(a));
        assertEquals(new Shape(1, 64, 5, 5), Probe.shape(m, new ADown(32, 16, 32, 32, Act.identity()), new Shape(1, 32, 10, 10)));
    }

    @Test
    void squeezeExciteScalesChannels() {
        SqueezeExcite se = new SqueezeExcite(16, 8);
        NDArray y = Probe.run(m, se, new Shape(2, 16, 4, 4)).singletonOrThrow();
        assertEquals(new Shape(2, 16, 4, 4), y.getShape());
        assertEquals(16 * 8 + 8 + 8 * 16 + 16, Probe.params(se));
    }
}
