package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.slimlab.data.DetBatch;
import org.slimlab.model.YoloModel;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Adaptive BatchNorm sets the running statistics to the calibration batches' own. */
class AdaptiveBatchNormTest {

    private static DetBatch batch(Random rnd) {
        float[] px = new float[2 * 3 * 64 * 64];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextFloat();
        }
        return new DetBatch(px, 2, 64, 64, new float[0][], List.of());
    }

    /** Per-channel mean and unbiased variance of the first convolution's output on a batch. */
    private static double[][] stats(YoloModel model, DetBatch b, NDManager m) {
        Block conv = model.block("model.0.conv");
        NDArray y = conv.forward(new ParameterStore(m, false), new NDList(b.imagesArray(m)), false).singletonOrThrow();
        long c = y.getShape().get(1);
        NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(c, -1);
        long n = perChannel.getShape().get(1);
        float[] mean = perChannel.mean(new int[] {1}).toFloatArray();
        float[] var = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().sum(new int[] {1}).div(n - 1).toFloatArray();
        double[][] out = new double[2][(int) c];
        for (int i = 0; i < c; i++) {
            out[0][i] = mean[i];
            out[1][i] = var[i];
        }
        return out;
    }

    @Test
    void runningStatisticsBecomeTheMeanOfTheBatchStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = Fixtures.model("yolov5n", m, 3);
            Random rnd = new Random(4);
            DetBatch a = batch(rnd);
            DetBatch b = batch(rnd);
            double[][] sa = stats(model, a, m);
            double[][] sb = stats(model, b, m);
            assertEquals(2, AdaptiveBatchNorm.recalibrate(model, List.of(a, b, batch(rnd)), 2));
            Parameter mean = model.namedParameters().get("model.0.bn.runningMean");
            Parameter var = model.namedParameters().get("model.0.bn.runningVar");
            float[] rm = mean.getArray().toFloatArray();
            float[] rv = var.getArray().toFloatArray();
            for (int i = 0; i < rm.length; i++) {
                assertEquals((sa[0][i] + sb[0][i]) / 2, rm[i], 1e-4 * (1 + Math.abs(rm[i])), "mean " + i);
                assertEquals((sa[1][i] + sb[1][i]) / 2, rv[i], 1e-3 * (1 + Math.abs(rv[i])), "var " + i);
            }
            assertEquals(new Shape(16), mean.getShape());
        }
    }
}
