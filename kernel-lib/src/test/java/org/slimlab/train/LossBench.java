package org.slimlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the loss computation (forward + backward through the loss only) of both head kinds at batch 16,
 * 320 px, 80 classes and about 7 objects per image, and, for scale, a forward + backward step of YOLOv5n and
 * YOLOv8n with their loss. Run: {@code java -cp <test classpath> org.slimlab.train.LossBench [reps]}.
 */
public final class LossBench {
    private static final int BATCH = 16;
    private static final int IMG = 320;
    private static final int NC = 80;

    private LossBench() {
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Engine.getInstance().setRandomSeed(0);
        float[][] targets = targets(new SplittableRandom(1), 7);
        System.out.printf(Locale.ROOT, "batch %d, %d px, nc %d, %d targets, threads %d%n", BATCH, IMG, NC,
                targets.length, ai.djl.pytorch.jni.JniUtils.getNumThreads());
        HeadSpec v5 = HeadSpec.anchorBased(NC, new int[] {8, 16, 32},
                new float[][] {{10, 13, 16, 30, 33, 23}, {30, 61, 62, 45, 59, 119}, {116, 90, 156, 198, 373, 326}});
        HeadSpec v8 = HeadSpec.anchorFree(NC, new int[] {8, 16, 32}, 16);
        TrainConfig cfg = TrainConfig.of().withImgSize(IMG).withBatch(BATCH);
        time("v5 loss (fwd+bwd)", reps, v5, DetectionLoss.forHead(v5, LossConfig.of(v5, cfg)), targets);
        time("v8 loss (fwd+bwd)", reps, v8, DetectionLoss.forHead(v8, LossConfig.of(v8, cfg)), targets);
        stepTime(Math.max(2, reps / 4), "yolov5n", targets);
        stepTime(Math.max(2, reps / 4), "yolov8n", targets);
    }

    private static void time(String name, int reps, HeadSpec head, DetectionLoss loss, float[][] targets) {
        double[] ms = new double[reps];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int r = -2; r < reps; r++) {
                try (NDManager step = m.newSubManager()) {
                    NDList out = new NDList();
                    for (int s : head.strides()) {
                        int g = IMG / s;
                        Shape shape = head.kind() == HeadSpec.Kind.ANCHOR_BASED
                                ? new Shape(BATCH, head.na(), g, g, NC + 5) : new Shape(BATCH, 64 + NC, g, g);
                        NDArray p = step.randomNormal(0, 1, shape, DataType.FLOAT32);
                        p.setRequiresGradient(true);
                        out.add(p);
                    }
                    long t0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(loss.compute(out, targets, IMG, IMG).total());
                    }
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
        }
        report(name, ms);
    }

    /** Forward + backward of a real model with its loss (loss included), for scale. */
    private static void stepTime(int reps, String cfg, float[][] targets) {
        double[] ms = new double[reps];
        YoloDetector det = YoloDetector.of(cfg);
        DetectionLoss loss = DetectionLoss.forHead(det.head(),
                LossConfig.of(det.head(), TrainConfig.of().withImgSize(IMG).withBatch(BATCH)));
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = det.newBlock();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, IMG, IMG));
            ParameterStore ps = new ParameterStore(m, false);
            for (int r = -1; r < reps; r++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.randomUniform(0, 1, new Shape(BATCH, 3, IMG, IMG));
                    long t0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDList out = net.forward(ps, new NDList(x), true);
                        gc.backward(loss.compute(out, targets, IMG, IMG).total());
                    }
                    if (r >= 0) {
                        ms[r] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
        }
        report(cfg + " fwd+bwd incl. loss", ms);
    }

    private static void report(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-36s median %8.1f ms  min %8.1f ms  (%d reps)%n", name, s[s.length / 2], s[0],
                s.length);
    }

    private static float[][] targets(SplittableRandom r, int perImage) {
        List<float[]> t = new ArrayList<>();
        for (int b = 0; b < BATCH; b++) {
            for (int k = 0; k < perImage; k++) {
                float w = 0.03f + (float) r.nextDouble() * 0.4f;
                float h = 0.03f + (float) r.nextDouble() * 0.4f;
                t.add(new float[] {b, r.nextInt(NC), w / 2 + (float) r.nextDouble() * (1 - w),
                    h / 2 + (float) r.nextDouble() * (1 - h), w, h});
            }
        }
        return t.toArray(new float[0][]);
    }
}
