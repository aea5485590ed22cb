package org.slimlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of NMS and of the metrics, printed as a small report. Times are the benchmark thread's CPU time
 * (robust on a shared machine) with the wall time beside it. Not a unit test: run it with
 * <pre>
 * mvn -q -B -o -pl kernel-lib test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp kernel-lib/target/classes:kernel-lib/target/test-classes:$(cat kernel-lib/target/cp.txt) \
 *     org.slimlab.eval.EvalBenchmark
 * </pre>
 */
public final class EvalBenchmark {
    private static final int ANCHORS = 25_200;
    private static final int NC = 10;
    private static final int VALUES = 4 + NC;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EvalBenchmark() {
    }

    public static void main(String[] args) {
        Random rnd = new Random(0);
        float[] dense = image(rnd, true);
        float[] scene = image(rnd, false);
        Nms nms = new Nms(NmsConfig.val());
        report("NMS, uniform random scores (every pair above 0.001)", nms, dense);
        report("NMS, clustered scene (20 objects, sparse background)", nms, scene);
        ndarrayBatch(rnd, nms);
        metrics(new Random(1));
    }

    /** One image: dense = every class score uniform in [0, 1]; else objects with clustered anchors. */
    private static float[] image(Random rnd, boolean dense) {
        float[] p = new float[ANCHORS * VALUES];
        float[][] objects = new float[20][];
        for (int k = 0; k < objects.length; k++) {
            objects[k] = new float[] {40 + rnd.nextFloat() * 560, 40 + rnd.nextFloat() * 560,
                20 + rnd.nextFloat() * 120, 20 + rnd.nextFloat() * 120, rnd.nextInt(NC)};
        }
        for (int a = 0; a < ANCHORS; a++) {
            int o = a * VALUES;
            if (!dense && a % 25 == 0) {
                float[] ob = objects[(a / 25) % objects.length];
                p[o] = ob[0] + (float) rnd.nextGaussian() * 4;
                p[o + 1] = ob[1] + (float) rnd.nextGaussian() * 4;
                p[o + 2] = ob[2] * (0.9f + 0.2f * rnd.nextFloat());
                p[o + 3] = ob[3] * (0.9f + 0.2f * rnd.nextFloat());
                for (int c = 0; c < NC; c++) {
                    p[o + 4 + c] = c == (int) ob[4] ? 0.3f + 0.65f * rnd.nextFloat() : 0.002f * rnd.nextFloat();
                }
                continue;
            }
            p[o] = rnd.nextFloat() * 640;
            p[o + 1] = rnd.nextFloat() * 640;
            p[o + 2] = 8 + rnd.nextFloat() * 200;
            p[o + 3] = 8 + rnd.nextFloat() * 200;
            for (int c = 0; c < NC; c++) {
                float u = rnd.nextFloat();
                p[o + 4 + c] = dense ? u : u * u * u * 0.01f;
            }
        }
        return p;
    }

    private static void report(String what, Nms nms, float[] image) {
        int n = 0;
        for (int i = 0; i < 30; i++) {
            n = nms.applyImage(image, 0, ANCHORS, VALUES).size();
        }
        double[] ms = new double[50];
        double[] wall = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            long c = THREADS.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            nms.applyImage(image, 0, ANCHORS, VALUES);
            wall[i] = (System.nanoTime() - t) / 1e6;
            ms[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
        }
        int candidates = 0;
        for (int i = 0; i < image.length; i++) {
            if (i % VALUES >= 4 && image[i] > 0.001f) {
                candidates++;
            }
        }
        System.out.printf(Locale.ROOT, "%-56s %6d candidates, %3d kept: %.2f ms/img CPU, %.2f wall (median of %d)%n",
                what, candidates, n, median(ms), median(wall), ms.length);
    }

    private static void ndarrayBatch(Random rnd, Nms nms) {
        int batch = 16;
        float[] all = new float[batch * ANCHORS * VALUES];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(image(rnd, false), 0, all, b * ANCHORS * VALUES, ANCHORS * VALUES);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(all, new Shape(batch, ANCHORS, VALUES));
            double[] ms = new double[20];
            double[] wall = new double[ms.length];
            for (int i = 0; i < 5; i++) {
                nms.apply(x);
            }
            for (int i = 0; i < ms.length; i++) {
                long c = THREADS.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                nms.apply(x);
                wall[i] = (System.nanoTime() - t) / 1e6 / batch;
                ms[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6 / batch;
            }
            System.out.printf(Locale.ROOT, "%-56s %.2f ms/img CPU, %.2f wall (copy included, median of %d)%n",
                    "NMS, NDArray batch of 16 clustered scenes", median(ms), median(wall), ms.length);
        }
    }

    /** 1,000 images, 7 labels and 300 detections each, 10 classes. */
    private static void metrics(Random rnd) {
        List<Detections> dets = new ArrayList<>();
        List<GroundTruth> gts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            float[][] g = new float[7][];
            for (int k = 0; k < g.length; k++) {
                float x = rnd.nextFloat() * 500;
                float y = rnd.nextFloat() * 500;
                g[k] = new float[] {rnd.nextInt(NC), x, y, x + 20 + rnd.nextFloat() * 100, y + 20 + rnd.nextFloat() * 100};
            }
            float[][] d = new float[300][];
            for (int k = 0; k < d.length; k++) {
                float[] t = g[k % g.length];
                float j = k < 14 ? 3 : 60;
                float x = t[1] + (float) rnd.nextGaussian() * j;
                float y = t[2] + (float) rnd.nextGaussian() * j;
                d[k] = new float[] {x, y, x + t[3] - t[1], y + t[4] - t[2], rnd.nextFloat(),
                    rnd.nextFloat() < 0.8f ? t[0] : rnd.nextInt(NC)};
            }
            Arrays.sort(d, (a, b) -> Float.compare(b[4], a[4]));
            dets.add(Detections.of(d));
            gts.add(GroundTruth.of(g));
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < NC; c++) {
            names.add("c" + c);
        }
        double[] addMs = new double[7];
        double[] resultMs = new double[addMs.length];
        double[] wall = new double[addMs.length];
        DetMetrics last = null;
        for (int r = 0; r < addMs.length; r++) {
            DetectionEvaluator e = new DetectionEvaluator(names);
            long t = System.nanoTime();
            long c = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < dets.size(); i++) {
                e.add(dets.get(i), gts.get(i));
            }
            long c2 = THREADS.getCurrentThreadCpuTime();
            last = e.result();
            long c3 = THREADS.getCurrentThreadCpuTime();
            wall[r] = (System.nanoTime() - t) / 1e6;
            addMs[r] = (c2 - c) / 1e6;
            resultMs[r] = (c3 - c2) / 1e6;
        }
        System.out.printf(Locale.ROOT,
                "%-56s %.1f ms matching + confusion, %.1f ms AP/curves CPU, %.1f ms wall in all (median of %d)%n",
                "Metrics, 1,000 images x 300 detections, 10 classes", median(addMs), median(resultMs), median(wall),
                addMs.length);
        System.out.printf(Locale.ROOT, "%-56s mAP50 %.3f, mAP50-95 %.3f%n", "", last.map50(), last.map50_95());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
