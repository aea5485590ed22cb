package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import org.junit.jupiter.api.Test;

class ScheduleEmaTest {

    @Test
    void warmupRampsLearningRateMomentumAndAccumulation() {
        TrainConfig cfg = TrainConfig.of().withEpochs(10).withBatch(16);
        Schedule s = new Schedule(cfg, 50);
        assertEquals(150, s.warmupIterations());              // max(round(3 x 50), 100)
        assertEquals(0.1, s.learningRate(ParamGroup.BIAS, 0, 0), 1e-12);
        assertEquals(0.0, s.learningRate(ParamGroup.WEIGHT, 0, 0), 1e-12);
        assertEquals(0.055, s.learningRate(ParamGroup.BIAS, 75, 0), 1e-12);
        assertEquals(0.005, s.learningRate(ParamGroup.NORM, 75, 0), 1e-12);
        assertEquals(0.8, s.momentum(0), 1e-12);
        assertEquals(0.8685, s.momentum(75), 1e-12);
        assertEquals(0.937, s.momentum(151), 1e-12);
        assertEquals(1, s.accumulate(0));
        assertEquals(2, s.accumulate(75));                    // 2.5 rounds half to even
        assertEquals(3, s.accumulate(100));                   // 1 + 3 x 2/3 = 3
        assertEquals(4, s.accumulate(150));
        assertEquals(4, s.accumulate(10_000));
        // after warm-up: lr0 x lf(epoch)
        assertEquals(0.01 * (0.7 * 0.99 + 0.01), s.learningRate(ParamGroup.WEIGHT, 160, 3), 1e-12);
        // warm-up interpolates towards the current epoch's lr (epoch 2 at batch 120)
        double target = 0.01 * (0.8 * 0.99 + 0.01);
        assertEquals(0.1 + (target - 0.1) * 120 / 150, s.learningRate(ParamGroup.BIAS, 120, 2), 1e-12);
        assertEquals(100, new Schedule(cfg, 10).warmupIterations());
    }

    @Test
    void linearAndCosineFactors() {
        Schedule lin = new Schedule(TrainConfig.of().withEpochs(10), 10);
        Schedule cos = new Schedule(TrainConfig.of().withEpochs(10).withCosLr(true), 10);
        assertEquals(1.0, lin.lrFactor(0), 1e-12);
        assertEquals(0.505, lin.lrFactor(5), 1e-12);
        assertEquals(0.01, lin.lrFactor(10), 1e-12);
        assertEquals(1.0, cos.lrFactor(0), 1e-12);
        assertEquals(0.505, cos.lrFactor(5), 1e-12);
        assertEquals(1 - 0.99 * (1 - Math.cos(Math.PI / 10)) / 2, cos.lrFactor(1), 1e-12);
        assertEquals(0.01, cos.lrFactor(10), 1e-12);
    }

    @Test
    void weightDecayScalesWithNominalBatch() {
        assertEquals(4, Schedule.nominalAccumulate(TrainConfig.of().withBatch(16)));
        assertEquals(5e-4, Schedule.scaledWeightDecay(TrainConfig.of().withBatch(16)), 1e-15);
        assertEquals(1, Schedule.nominalAccumulate(TrainConfig.of().withBatch(48)));
        assertEquals(5e-4 * 48 / 64, Schedule.scaledWeightDecay(TrainConfig.of().withBatch(48)), 1e-15);
        assertEquals(5e-4 * 40 * 2 / 64, Schedule.scaledWeightDecay(TrainConfig.of().withBatch(40)), 1e-15);
    }

    @Test
    void emaAveragesWeightsAndRunningStats() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            Block model = TinyNets.convBn();
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            Block avg = TinyNets.convBn();
            Weights.load(avg, m, Weights.toBytes(model), "test");
            avg.freezeParameters(true);
            ModelEma ema = new ModelEma(avg, model, 0.9999, 2000);
            ParameterList mp = model.getParameters();
            float[][] before = new float[mp.size()][];
            for (int i = 0; i < mp.size(); i++) {
                NDArray w = mp.get(i).getValue().getArray();
                before[i] = w.toFloatArray();
                try (GradMode off = GradMode.off()) {
                    w.addi(1f);                            // move every model tensor, running stats included
                }
            }
            double d = 0.9999 * (1 - Math.exp(-1 / 2000.0));
            assertEquals(d, ema.nextDecay(), 1e-15);
            ema.update();
            assertEquals(1, ema.updates());
            ParameterList ap = avg.getParameters();
            for (int i = 0; i < ap.size(); i++) {
                float[] e = ap.get(i).getValue().getArray().toFloatArray();
                for (int k = 0; k < e.length; k++) {
                    assertEquals(d * before[i][k] + (1 - d) * (before[i][k] + 1), e[k], 1e-5, ap.get(i).getKey());
                }
            }
        }
    }
}
