package org.slimlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;
import org.slimlab.model.modules.HandCount;
import org.slimlab.train.DetectionLoss;
import org.slimlab.train.LossConfig;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.YoloDetector;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped yolov8-lite config (CSPPC + ADown + AFPN): rows against a hand count, surgery, bad rows, a training step (output comparisons on
 * YOLOv8n's backbone, see {@link AfpnTestSpecs}). */
class AfpnConfigTest {
    private static final int[] REDUCED = {16, 32, 64};
    /** Learning rate of the plain gradient step. */
    private static final float STEP = 1e-4f;

    @Test
    void everyAfpnRowOfYolov8nLiteMatchesItsHandCount() {
        for (int nc : new int[] {1, 10}) {
            ModelSummary s = ModelSummary.of(ModelSpec.load("yolov8n-lite").withNc(nc));
            List<ModelSummary.Row> rows = s.rows();
            assertEquals(27, rows.size());
            int[] backbone = {64, 128, 256};
            long[] expected = new long[27];
            for (int l = 0; l < 3; l++) {
                expected[10 + l] = HandCount.conv(backbone[l], REDUCED[l], 1);
                expected[17 + l] = HandCount.asff(REDUCED, l, REDUCED[l]);
                expected[20 + l] = HandCount.basicBlocks(REDUCED[l], 1);
                expected[23 + l] = HandCount.conv(REDUCED[l], 64, 1);
            }
            int[] firstTwo = {REDUCED[0], REDUCED[1]};
            expected[13] = HandCount.asff(firstTwo, 0, REDUCED[0]);
            expected[14] = HandCount.asff(firstTwo, 1, REDUCED[1]);
            expected[15] = HandCount.basicBlocks(REDUCED[0], 1);
            expected[16] = HandCount.basicBlocks(REDUCED[1], 1);
            expected[26] = HandCount.detect(nc, 64, 64, 64);
            for (int i = 10; i < 27; i++) {
                assertEquals(expected[i], rows.get(i).params(), "nc=" + nc + " row " + i + " " + rows.get(i).module());
            }
            long backboneParams = 0;
            for (ModelSummary.Row r : ModelSummary.of(ModelSpec.load("yolov8n-csppc-adown").withNc(nc)).rows().subList(0, 10)) {
                backboneParams += r.params();
            }
            long neckAndHead = 0;
            for (int i = 10; i < 27; i++) {
                neckAndHead += expected[i];
            }
            assertEquals(backboneParams + neckAndHead, s.parameters(), "nc=" + nc);
            assertEquals("[1, 16, 80, 80]", rows.get(13).output());
            assertEquals("[1, 64, 20, 20]", rows.get(19).output());
        }
    }

    @Test
    void itBuildsAtEveryScaleAndAnswersAtThreeStrides() {
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = YoloModel.build("yolov8n-lite").initialize(m);
            assertEquals(List.of(8f, 16f, 32f), List.of(model.head().strides()[0], model.head().strides()[1],
                    model.head().strides()[2]));
            NDList out = model.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0f, 1f, new Shape(1, 3, 64, 96))),
                    false);
            assertEquals(new Shape(1, 64 + 80, 8, 12), out.get(0).getShape());
            assertEquals(new Shape(1, 64 + 80, 2, 3), out.get(2).getShape());
        }
        ModelPlan large = ModelPlan.of(ModelSpec.load("yolov8l-lite"));
        assertEquals(4, large.layer(15).repeats());
        assertEquals(Map.of("stride_level_0.0", 64, "weight_level_0", 8, "weight_level_1", 8, "weight_level_2", 8),
                large.layer(19).innerWidths());
    }

    @Test
    void surgeryReindexesTheFusionRowsAndKeepsTheirInputs() {
        ModelSpec lite = ModelSpec.load("yolov8n-lite");
        ModelSpec more = lite.insert(15, LayerRow.of(-1, 1, "BasicBlock"));
        assertEquals(List.of(16, 17, 12), more.row(18).from());
        assertEquals(List.of(24, 25, 26), more.row(27).from());
        assertTrue(more.remove(15).sameModel(lite));
        assertTrue(ModelSummary.of(more).parameters() > ModelSummary.of(lite).parameters());
        SlimException e = assertThrows(SlimException.class, () -> lite.remove(16));
        assertTrue(e.getMessage().contains("row 17 (ASFF)"), e.getMessage());
        ModelSpec l = ModelSpec.load("yolov8l-lite");
        ModelSpec shorter = l.removeRepeat(20, 0);
        assertEquals(3, shorter.row(20).number());
        assertEquals(3, shorter.row(20).widths().size());
        ModelSpec resolved = lite.resolved();
        assertEquals(ModelSummary.of(lite).parameters(), ModelSummary.of(resolved).parameters());
        assertEquals(Map.of("0.cv1", 16), resolved.row(15).widths());
    }

    @Test
    void badFusionRowsAreOneLineErrorsNamingTheRow() {
        String rows = String.join("\n", "nc: 2", "backbone:", "  - [-1, 1, Conv, [8, 3, 2]]", "  - [-1, 1, Conv, [16, 3, 2]]",
                "  - [-1, 1, Conv, [32, 3, 2]]", "head:");
        String detect = "\n  - [[-1, -2], 1, Detect, [nc]]\n";
        SlimException e = assertThrows(SlimException.class, () -> YoloModel.build(ModelSpec.parse(rows
                + "\n  - [[0, 1, 2], 1, ASFF_2, [8, 0]]\n  - [-1, 1, Conv, [8, 1, 1]]" + detect, "two.yaml", null)));
        assertTrue(e.getMessage().startsWith("two.yaml:7: row 3 (ASFF_2): reads 3 rows"), e.getMessage());
        e = assertThrows(SlimException.class, () -> YoloModel.build(ModelSpec.parse(rows
                + "\n  - [[0, 1], 1, ASFF, [8, 2]]\n  - [-1, 1, Conv, [8, 1, 1]]" + detect, "level.yaml", null)));
        assertTrue(e.getMessage().contains("row 3 (ASFF): level 2 must pick one of its 2 inputs"), e.getMessage());
        e = assertThrows(SlimException.class, () -> YoloModel.build(ModelSpec.parse(rows
                + "\n  - [[0, 2], 1, ASFF, [8, 0]]\n  - [-1, 1, Conv, [8, 1, 1]]" + detect, "gap.yaml", null)));
        assertTrue(e.getMessage().contains("row 3 (ASFF): shape mismatch"), e.getMessage());
        e = assertThrows(SlimException.class, () -> YoloModel.build(ModelSpec.parse(rows
                + "\n  - [-1, 1, BasicBlock, [32]]\n  - [-1, 1, Conv, [8, 1, 1]]" + detect, "block.yaml", null)));
        assertTrue(e.getMessage().contains("row 3 (BasicBlock): wrong number of args"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void oneBackwardOfTheRealLossReachesEveryParameterOfTheNeck() {
        ModelSpec spec = AfpnTestSpecs.afpnOnYolov8n(3);
        YoloDetector detector = new YoloDetector(spec);
        DetectionLoss loss = DetectionLoss.forHead(detector.head(),
                LossConfig.of(detector.head(), TrainConfig.of().withImgSize(64).withBatch(2)));
        float[][] targets = {{0, 1, 0.4f, 0.5f, 0.3f, 0.4f}, {1, 2, 0.6f, 0.3f, 0.2f, 0.2f}};
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            YoloModel model = YoloModel.build(spec).initialize(m);
            for (Parameter p : model.namedParameters().values()) {
                p.getArray().setRequiresGradient(p.requiresGradient());
            }
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 64, 64));
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = loss.compute(model.forward(ps, new NDList(x), true), targets, 64, 64).total();
                assertTrue(Float.isFinite(total.getFloat()) && total.getFloat() > 0, "loss " + total.getFloat());
                gc.backward(total);
            }
            int checked = 0;
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                Parameter p = e.getValue();
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray g = JniUtils.getGradient((PtNDArray) p.getArray());
                int row = Integer.parseInt(e.getKey().split("\\.")[1]);
                if (row >= 10 && row <= 25) {
                    assertTrue(g.abs().sum().getFloat() > 0, "no gradient reaches " + e.getKey());
                    checked++;
                }
                g.close();
            }
            assertTrue(checked > 100, "checked " + checked);
        }
    }

    @Test
    void yolov8nLiteTakesATrainingStep() {
        ModelSpec spec = ModelSpec.load("yolov8n-lite").withNc(3);
        YoloDetector detector = new YoloDetector(spec);
        DetectionLoss loss = DetectionLoss.forHead(detector.head(),
                LossConfig.of(detector.head(), TrainConfig.of().withImgSize(64).withBatch(2)));
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            YoloModel model = YoloModel.build(spec).initialize(m);
            Parameter fusion = model.namedParameters().get("model.19.weight_levels.weight");
            fusion.getArray().setRequiresGradient(true);
            float[] before = fusion.getArray().toFloatArray();
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 64, 64));
            float[][] targets = {{0, 1, 0.4f, 0.5f, 0.3f, 0.4f}, {1, 2, 0.6f, 0.3f, 0.2f, 0.2f}};
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = loss.compute(model.forward(new ParameterStore(m, false), new NDList(x), true), targets, 64, 64)
                        .total();
                assertTrue(Float.isFinite(total.getFloat()) && total.getFloat() > 0, "loss " + total.getFloat());
                gc.backward(total);
            }
            NDArray g = JniUtils.getGradient((PtNDArray) fusion.getArray());
            fusion.getArray().subi(g.mul(STEP));
            assertEquals(3 * 24, before.length);
            assertFalse(java.util.Arrays.equals(before, fusion.getArray().toFloatArray()), "the step moved the fusion logits");
        }
    }
}
