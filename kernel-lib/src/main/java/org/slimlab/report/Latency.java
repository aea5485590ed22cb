package org.slimlab.report;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Inference latency of a model: forward passes in inference mode (BatchNorm running statistics,
 * no autograd) on a random batch, after warm-up runs; the median of the timed runs is the figure
 * to report. A run ends when its output is on the host, so GPU timings include synchronisation.
 * Each run's input and activations live in a scope of their own and are freed after it.
 */
public final class Latency {
    /** Warm-up runs by default. */
    public static final int DEFAULT_WARMUP = 3;
    /** Timed runs by default. */
    public static final int DEFAULT_RUNS = 10;

    /**
     * One measurement.
     *
     * @param batch images per forward
     * @param img square input side in pixels
     * @param runs timed runs
     * @param medianMs median milliseconds per forward
     * @param minMs fastest run
     * @param maxMs slowest run
     * @param device where the model ran
     */
    public record Result(int batch, int img, int runs, double medianMs, double minMs, double maxMs, String device) {
        /** {@code batch 16 @ 256 px: 41.2 ms (min 40.1, max 45.0, 10 runs, cpu())}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "batch %d @ %d px: %.2f ms (min %.2f, max %.2f, %d runs, %s)", batch, img,
                    medianMs, minMs, maxMs, runs, device);
        }
    }

    private Latency() {
    }

    /** {@link #measure(YoloModel, int, int, int, int)} with the default warm-up and run counts. */
    public static Result measure(YoloModel model, int batch, int img) {
        return measure(model, batch, img, DEFAULT_WARMUP, DEFAULT_RUNS);
    }

    /**
     * Times {@code runs} forward passes of a batch of {@code batch} random {@code img}×{@code img}
     * images after {@code warmup} untimed ones. The model must be initialized.
     */
    public static Result measure(YoloModel model, int batch, int img, int warmup, int runs) {
        return compare(List.of(model), batch, img, warmup, runs).get(0);
    }

    /**
     * Times several models under the same conditions: after {@code warmup} untimed rounds, each of
     * {@code runs} rounds runs every model once, in turn, so that a busy machine slows them alike.
     *
     * @return one result per model, in order
     */
    public static List<Result> compare(List<YoloModel> models, int batch, int img, int warmup, int runs) {
        for (YoloModel model : models) {
            int stride = (int) model.maxStride();
            if (batch < 1 || runs < 1 || warmup < 0 || img <= 0 || img % stride != 0) {
                throw new SlimException(model.spec().name() + ": latency needs batch >= 1, runs >= 1 and an image size that is"
                        + " a positive multiple of " + stride + ", got batch " + batch + ", runs " + runs + ", img " + img);
            }
        }
        Device device = deviceOf(models.get(0));
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            double[][] ms = new double[models.size()][runs];
            for (int i = 0; i < warmup + runs; i++) {
                for (int k = 0; k < models.size(); k++) {
                    double t = once(models.get(k), manager, batch, img);
                    if (i >= warmup) {
                        ms[k][i - warmup] = t;
                    }
                }
            }
            List<Result> out = new ArrayList<>();
            for (double[] m : ms) {
                double[] sorted = m.clone();
                Arrays.sort(sorted);
                double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
                out.add(new Result(batch, img, runs, median, sorted[0], sorted[runs - 1], device.toString()));
            }
            return out;
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    /** Milliseconds of one forward pass; its input and activations are freed afterwards. */
    private static double once(YoloModel model, NDManager manager, int batch, int img) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomUniform(0f, 1f, new Shape(batch, 3, img, img));
            long t0 = System.nanoTime();
            NDList out = model.forward(new ParameterStore(step, false), new NDList(x), false);
            out.get(0).sum().toFloatArray();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static Device deviceOf(YoloModel model) {
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (!p.getValue().isInitialized()) {
                throw new IllegalStateException("initialize or load the model before timing it");
            }
            return p.getValue().getArray().getDevice();
        }
        return Device.cpu();
    }
}
