package org.slimlab.slim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.train.GradientAccess;
import org.slimlab.train.StepInfo;
import org.slimlab.train.TrainableParams;
import org.knowm.xchart.XYChart;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sparsity term on real gradients, its schedule and the γ statistics. */
class SparsityTest {

    /** Gradients of every trainable parameter after one backward of a plain loss, by trainer name. */
    private static Map<String, float[]> gradients(TrainableParams params) {
        Map<String, float[]> g = new HashMap<>();
        for (TrainableParams.Entry e : params.entries()) {
            NDArray grad = JniUtils.getGradient((PtNDArray) e.parameter().getArray());
            g.put(e.name(), grad.toFloatArray());
            grad.close();
        }
        return g;
    }

    @Test
    void theHookAddsLambdaTimesBatchTimesTheSignOfEveryPrunableGamma() {
        ModelSpec spec = ModelSpec.load("yolov5n").withNc(2);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            YoloModel model = YoloModel.build(spec).initialize(m);
            for (Parameter p : model.namedParameters().values()) {
                if (p.getType() == Parameter.Type.GAMMA) {
                    float[] v = p.getArray().toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = i % 3 == 0 ? -0.5f : 0.7f;
                    }
                    p.getArray().set(v);
                    p.getArray().setRequiresGradient(true);
                }
            }
            TrainableParams params = TrainableParams.of(model);
            NDArray x = m.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(2, 3, 64, 64));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = model.forward(new ParameterStore(m, false), new NDList(x), true);
                gc.backward(out.get(0).sum().add(out.get(1).sum()).add(out.get(2).sum()));
            }
            Map<String, float[]> before = gradients(params);
            SparsityRegularizer r = new SparsityRegularizer(spec, 1e-3, SparsityRegularizer.Schedule.DECAY, 0, 8);
            assertEquals(57, r.gammaNames().size());
            r.afterBackward(new GradientAccess(params), new StepInfo(5, 10, 0, 4, 20));
            Map<String, float[]> after = gradients(params);
            float step = (float) (1e-3 * (1 - 0.9 * 5 / 10) * 8);
            int checked = 0;
            for (TrainableParams.Entry e : params.entries()) {
                float[] b = before.get(e.name());
                float[] a = after.get(e.name());
                if (r.gammaNames().contains(e.name())) {
                    float[] w = e.parameter().getArray().toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(b[i] + Math.signum(w[i]) * step, a[i], 1e-6, e.name() + "[" + i + "]");
                    }
                    checked++;
                } else {
                    assertArrayEquals(b, a, 0f, e.name());
                }
            }
            assertEquals(57, checked);
        }
    }

    @Test
    void theScheduleDecaysAndBadWeightsAreRefused() {
        SparsityRegularizer r = new SparsityRegularizer(ModelSpec.load("yolov8n"), 2e-4, SparsityRegularizer.Schedule.DECAY, 0, 16);
        assertEquals(2e-4, r.lambdaAt(0, 100), 1e-12);
        assertEquals(2e-4 * 0.1, r.lambdaAt(100, 100), 1e-12);
        SparsityRegularizer c = new SparsityRegularizer(ModelSpec.load("yolov8n"), 2e-4, SparsityRegularizer.Schedule.CONSTANT, 0, 16);
        assertEquals(2e-4, c.lambdaAt(70, 100), 1e-12);
        assertTrue(assertThrows(SlimException.class, () -> SparsityTraining.of(-1, SparsityRegularizer.Schedule.DECAY, 0))
                .getMessage().contains("--sr must be positive"));
        Map<String, Object> args = SparsityTraining.of(1e-4, SparsityRegularizer.Schedule.DECAY, 1e-5).args();
        assertEquals(Map.of("sr", 1e-4, "sr_schedule", "decay", "sr_beta", 1e-5), args);
        assertTrue(SparsityTraining.off().args().isEmpty());
    }

    @Test
    void gammaStatisticsAndHistogram() {
        float[] g = new float[1000];
        for (int i = 0; i < g.length; i++) {
            g[i] = (i % 2 == 0 ? -1 : 1) * (i / 1000f + 0.0005f);
        }
        GammaStats s = GammaStats.of(g);
        assertEquals(1000, s.count());
        assertEquals(0.5, s.meanAbs(), 1e-6);
        assertEquals(0.010, s.below1e2(), 1e-12);
        assertEquals(0.001, s.below1e3(), 1e-12);
        assertEquals(0.5, s.p50(), 1e-6);
        assertEquals(0.8996, s.p90(), 1e-6);
        Map<String, float[]> sets = new LinkedHashMap<>();
        sets.put("epoch 1", g);
        sets.put("epoch 2", new float[] {0.1f, 0.2f});
        XYChart chart = GammaStats.histogram(sets, 10);
        assertEquals(2, chart.getSeriesMap().size());
        double[] counts = chart.getSeriesMap().get("epoch 1").getYData();
        assertEquals(1000, java.util.Arrays.stream(counts).sum(), 0);
        assertEquals(100, counts[0], 0);
    }
}
