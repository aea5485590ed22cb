package org.slimlab.slim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.slimlab.data.DetBatch;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.Layers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * EagleEye's adaptive BatchNorm: re-estimates every BatchNorm's running mean and variance of a
 * (pruned) model from a few training batches, forward in training mode without gradients; no
 * weight changes. Each batch's statistics are weighed equally (PyTorch's cumulative average): before
 * each batch the running statistics are zeroed, so that after the forward they hold the batch's
 * mean and unbiased variance times the update rate, {@code 1 − momentum}.
 */
public final class AdaptiveBatchNorm {
    private static final float RATE = 1f - Layers.BN_MOMENTUM;

    private AdaptiveBatchNorm() {
    }

    /**
     * Recalibrates {@code model} on up to {@code count} batches of {@code batches}.
     *
     * @return the number of batches used
     */
    public static int recalibrate(YoloModel model, Iterable<DetBatch> batches, int count) {
        List<Parameter[]> stats = new ArrayList<>();
        for (Block b : model.namedBlocks().values()) {
            if (b instanceof BatchNorm bn) {
                Parameter mean = null;
                Parameter var = null;
                for (Pair<String, Parameter> p : bn.getDirectParameters()) {
                    if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                        mean = p.getValue();
                    } else if (p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                        var = p.getValue();
                    }
                }
                stats.add(new Parameter[] {mean, var});
            }
        }
        double[][] sums = new double[2 * stats.size()][];
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        int used = 0;
        try (NDManager m = NDManager.newBaseManager(stats.get(0)[0].getArray().getDevice())) {
            Iterator<DetBatch> it = batches.iterator();
            while (used < count && it.hasNext()) {
                DetBatch b = it.next();
                for (Parameter[] s : stats) {
                    for (Parameter p : s) {
                        p.getArray().set(new float[(int) p.getShape().size()]);
                    }
                }
                try (NDManager step = m.newSubManager()) {
                    model.forward(new ParameterStore(step, false), new NDList(b.imagesArray(step)), true);
                }
                for (int i = 0; i < stats.size(); i++) {
                    for (int j = 0; j < 2; j++) {
                        float[] v = stats.get(i)[j].getArray().toFloatArray();
                        double[] acc = sums[2 * i + j] == null ? (sums[2 * i + j] = new double[v.length]) : sums[2 * i + j];
                        for (int k = 0; k < v.length; k++) {
                            acc[k] += v[k] / RATE;
                        }
                    }
                }
                used++;
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
        if (used == 0) {
            throw new IllegalArgumentException("adaptive BatchNorm needs at least one batch");
        }
        for (int i = 0; i < stats.size(); i++) {
            for (int j = 0; j < 2; j++) {
                double[] acc = sums[2 * i + j];
                float[] v = new float[acc.length];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) (acc[k] / used);
                }
                stats.get(i)[j].getArray().set(v);
            }
        }
        return used;
    }
}
