package org.slimlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;
import org.slimlab.model.modules.Conv;
import org.slimlab.model.modules.DetectHead;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shipped config builds and runs; the model exposes its head and named layers. */
class BuilderTest {
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    /** Every shipped config, the yolov8 files at scale n. */
    static List<String> shippedModels() {
        List<String> names = new ArrayList<>();
        for (String c : Configs.builtin()) {
            names.add(c.startsWith("yolov8") ? c.replace("yolov8", "yolov8n") : c);
        }
        return names;
    }

    @Test
    void everyShippedConfigBuildsAndRunsForward() {
        assertEquals(15, Configs.builtin().size());
        for (String name : shippedModels()) {
            try (NDManager s = m.newSubManager()) {
                YoloModel model = YoloModel.build(name).initialize(s);
                DetectHead head = model.head();
                assertArrayEquals(new float[] {8, 16, 32}, head.strides(), 0f, name);
                NDArray x = s.randomUniform(0f, 1f, new Shape(1, 3, 64, 96));
                NDList raw = model.forward(new ParameterStore(s, false), new NDList(x), false);
                assertEquals(3, raw.size(), name);
                long anchors = 0;
                for (int l = 0; l < 3; l++) {
                    long h = 64 >> (3 + l);
                    long w = 96 >> (3 + l);
                    anchors += h * w;
                    Shape expected = head.kind() == DetectHead.Kind.ANCHOR_BASED
                            ? new Shape(1, 3, h, w, 85) : new Shape(1, 64 + 80, h, w);
                    assertEquals(expected, raw.get(l).getShape(), name + " level " + l);
                }
                NDArray boxes = head.decode(raw);
                assertEquals(new Shape(1, anchors * head.na(), 84), boxes.getShape(), name);
                float lo = boxes.get(":, :, 4:").min().getFloat();
                float hi = boxes.get(":, :, 4:").max().getFloat();
                assertTrue(lo >= 0 && hi <= 1, name + " scores in [0, 1]");
                assertEquals(YoloModel.build(name).spec().rows().size(), model.size());
            }
        }
    }

    @Test
    void rowsOfEveryRegisteredModuleBuild() {
        String yaml = """
                nc: 3
                activation: nn.ReLU()
                anchors:
                  - [10, 13, 16, 30, 33, 23]
                  - [30, 61, 62, 45, 59, 119]
                backbone:
                  - [-1, 1, Focus, [16, 3]]
                  - [-1, 1, DWConv, [32, 3, 2]]
                  - [-1, 2, Bottleneck, [32]]
                  - [-1, 1, nn.MaxPool2d, [2]]
                  - [-1, 1, SPP, [32, [3, 5]]]
                  - [-1, 1, GhostBottleneck, [48, 3, 2]]
                  - [-1, 1, PConv, []]
                  - [-1, 1, SPPCSPC, [32]]
                  - [-1, 1, MobileNetV3, [32, 64, 3, 1, 1, 1]]
                  - [-1, 1, ShuffleNetV2, [32, 1]]
                head:
                  - [-1, 1, Conv, [32, 1, 1, None, 1, False]]
                  - [-1, 1, nn.Upsample, [None, 2, 'nearest']]
                  - [[-1, 4], 1, Concat, [1]]
                  - [-1, 1, C2f, [32, False]]
                  - [[-1, 10], 1, IDetect, [nc, anchors]]
                """;
        YoloModel model = YoloModel.build(ModelSpec.parse(yaml, "all.yaml", null)).initialize(m);
        assertArrayEquals(new float[] {8, 16}, model.head().strides(), 0f);
        assertEquals(org.slimlab.model.modules.Act.Kind.RELU, model.convs().get("model.1").act().kind());
        assertEquals(org.slimlab.model.modules.Act.Kind.IDENTITY, model.convs().get("model.10").act().kind());
        assertEquals(48, model.plan().layer(5).outChannels());
        assertEquals(List.of(16, 32, 3, 2), model.plan().layer(1).printedArgs());
        assertEquals(2, model.plan().layer(2).repeats());
        assertTrue(model.block("model.2") instanceof org.slimlab.model.modules.Sequential);
        try (NDManager s = m.newSubManager()) {
            NDList raw = model.forward(new ParameterStore(s, false), new NDList(s.zeros(new Shape(1, 3, 32, 32))), false);
            assertEquals(new Shape(1, 3, 4, 4, 8), raw.get(0).getShape());
            assertEquals(new Shape(1, 3, 2, 2, 8), raw.get(1).getShape());
        }
    }

    @Test
    void trainingForwardKeepsTheRawLayout() {
        YoloModel model = YoloModel.build("yolov5n").initialize(m);
        try (NDManager s = m.newSubManager()) {
            NDList raw = model.forward(new ParameterStore(s, false), new NDList(s.ones(new Shape(2, 3, 64, 64))), true);
            assertEquals(new Shape(2, 3, 8, 8, 85), raw.get(0).getShape());
        }
        assertEquals(DetectHead.Kind.ANCHOR_BASED, model.head().kind());
        assertArrayEquals(new float[] {10, 13, 16, 30, 33, 23}, model.head().anchors()[0], 0f);
        assertEquals(80, model.nc());
    }

    @Test
    void layersAreReachableByPyTorchNames() {
        YoloModel model = YoloModel.build("yolov5s").initialize(m);
        assertTrue(model.block("model.2.cv1.conv") instanceof ai.djl.nn.convolutional.Conv2d);
        assertTrue(model.block("model.2.m.0.cv2.bn") instanceof ai.djl.nn.norm.BatchNorm);
        assertTrue(model.block("model.24.m.2") instanceof ai.djl.nn.convolutional.Conv2d);
        assertEquals(model.layer(3), model.block("model.3"));
        Conv c = model.convs().get("model.6.m.2.cv1");
        assertEquals(128, c.inChannels());
        assertEquals(57, model.convs().size());
        Parameter gamma = model.namedParameters().get("model.0.bn.gamma");
        assertEquals(new Shape(32), gamma.getShape());
        assertTrue(model.namedParameters().containsKey("model.24.m.0.bias"));
        SlimException e = assertThrows(SlimException.class, () -> model.block("model.99.conv"));
        assertTrue(e.getMessage().contains("model.99.conv"));
        assertEquals(List.of(17, 20, 23), model.plan().head().inputs());
    }

    @Test
    void aFixedSeedGivesTheSameModel() {
        float[] first = seededOutput();
        float[] second = seededOutput();
        assertArrayEquals(first, second, 0f);
    }

    private static float[] seededOutput() {
        try (NDManager s = m.newSubManager()) {
            Engine.getInstance().setRandomSeed(7);
            YoloModel model = YoloModel.build("yolov8n").initialize(s);
            NDArray x = s.ones(new Shape(1, 3, 64, 64)).mul(0.5f);
            return model.forward(new ParameterStore(s, false), new NDList(x), false).get(2).toFloatArray();
        }
    }

    @Test
    void inputSidesMustBeMultiplesOfTheLargestStride() {
        YoloModel model = YoloModel.build("yolov5n").initialize(m);
        try (NDManager s = m.newSubManager()) {
            SlimException e = assertThrows(SlimException.class,
                    () -> model.forward(new ParameterStore(s, false), new NDList(s.zeros(new Shape(1, 3, 60, 64))), false));
            assertTrue(e.getMessage().contains("multiples of 32"), e.getMessage());
        }
    }

    @Test
    void outputShapesComeFromTheShapeWalk() {
        YoloModel model = YoloModel.build("yolov7-tiny");
        assertFalse(model.isInitialized());
        Shape[] out = model.getOutputShapes(new Shape[] {new Shape(4, 3, 320, 256)});
        assertEquals(new Shape(4, 3, 40, 32, 85), out[0]);
        assertEquals(new Shape(4, 3, 10, 8, 85), out[2]);
    }
}
