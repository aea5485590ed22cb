package org.slimlab.data;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures FashionDet generation and loader throughput.
 *
 * <pre>
 * mvn -q -B -o -pl kernel-lib -DskipTests package test-compile
 * java -Djava.awt.headless=true -cp "kernel-lib/target/classes:kernel-lib/target/test-classes:kernel-lib/target/lib/*" \
 *     org.slimlab.data.DataBench OUT_DIR [train val] [workers...]
 * </pre>
 * Generates FashionDet (default 8000 + 1000 images, 256 px) into OUT_DIR, times the train split scan, then
 * reads batches of 16 at 256 px with the default augmentation (mosaic on) for each worker count (default 1 2).
 */
public final class DataBench {
    private DataBench() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/out/fashion-det");
        int train = args.length > 2 ? Integer.parseInt(args[1]) : 8000;
        int val = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        FashionDet.Result r = FashionDet.generate(FashionMnist.locate(null), out,
                FashionDet.Config.defaults().withSizes(train, val));
        System.out.printf(Locale.ROOT, "generate: %d images, %d objects in %.2f s (%.0f images/s, %d threads)%n",
                r.images(), r.objects(), r.seconds(), r.images() / r.seconds(),
                Runtime.getRuntime().availableProcessors());
        long t0 = System.nanoTime();
        DetDataset ds = DetDataset.load(r.dataYaml(), "train");
        System.out.printf(Locale.ROOT, "scan: %d images and label files in %.2f s%n", ds.size(),
                (System.nanoTime() - t0) / 1e9);
        int[] workers = args.length > 3 ? new int[args.length - 3] : new int[] {1, 2};
        for (int i = 3; i < args.length; i++) {
            workers[i - 3] = Integer.parseInt(args[i]);
        }
        for (int w : workers) {
            double[] t = throughput(ds, w);
            System.out.printf(Locale.ROOT,
                    "loader: %d worker(s), batch 16, 256 px, mosaic on: %.0f images/s (%.2f ms worker CPU per image)%n",
                    w, t[0], t[1]);
        }
    }

    /** Images per second over 40 batches after 5 warm-up batches, and worker CPU milliseconds per image. */
    private static double[] throughput(DetDataset ds, int workers) {
        int warmup = 5;
        int timed = 40;
        try (DetLoader loader = DetLoader.builder(ds).imgSize(256).batchSize(16).shuffle(true)
                .augment(Augment.defaults()).workers(workers).seed(0).build()) {
            var it = loader.iterator();
            for (int i = 0; i < warmup; i++) {
                it.next();
            }
            double cpu0 = workerCpuSeconds();
            long t0 = System.nanoTime();
            int images = 0;
            for (int i = 0; i < timed && it.hasNext(); i++) {
                images += it.next().n();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = workerCpuSeconds() - cpu0;
            return new double[] {images / seconds, cpu * 1000 / images};
        }
    }

    private static double workerCpuSeconds() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("slim-data-"))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum() / 1e9;
    }
}
