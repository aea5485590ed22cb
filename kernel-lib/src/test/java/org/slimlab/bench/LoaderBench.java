package org.slimlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.slimlab.data.Augment;
import org.slimlab.data.DetBatch;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.data.FashionDet;
import org.slimlab.data.FashionMnist;

/**
 * Data loading against the model's appetite, per image size: the loader's images/s with the training augmentation
 * (mosaic, affine, HSV, flips) for each worker count; the images/s a YOLOv5n training step consumes (SlimLab's
 * detection loss, batch 16); and a training loop fed by the loader (2 workers, as {@code slim train}), with the
 * share of its time spent waiting for data. The loader is not the bottleneck when that share stays near zero.
 * <pre>
 * java -cp kernel-lib/target/classes:kernel-lib/target/test-classes:kernel-lib/target/lib/* \
 *     org.slimlab.bench.LoaderBench [DATA_DIR] [CSV] [BATCHES]
 * </pre>
 * Generates 384 FashionDet training images of 320 px into DATA_DIR (default {@code bench/out/loader-data}) unless
 * present, times BATCHES batches (default 20) of each measurement, and writes the table to CSV (default
 * {@code bench/out/loader.csv}).
 */
public final class LoaderBench {
    private static final int BATCH = 16;
    private static final int[] SIZES = {256, 320};
    private static final int[] WORKERS = {1, 2};
    private static final int TRAIN_WORKERS = 2;
    private static final int WARMUP = 3;

    private LoaderBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/out/loader-data");
        Path csv = Path.of(args.length > 1 ? args[1] : "bench/out/loader.csv");
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path yaml = dir.resolve("data.yaml");
        if (!Files.isRegularFile(yaml)) {
            yaml = FashionDet.generate(FashionMnist.locate(null), dir,
                    FashionDet.Config.defaults().withSizes(384, 16).withImg(320)).dataYaml();
        }
        DetDataset data = DetDataset.load(yaml, "train");
        List<String> rows = new ArrayList<>();
        rows.add("img,measure,workers,images_per_s,data_wait_percent,load_1min,cpus");
        System.out.printf(Locale.ROOT, "%-5s %-38s %8s %10s %10s%n", "img", "measure", "workers", "images/s", "data wait");
        for (int img : SIZES) {
            for (int w : WORKERS) {
                row(rows, img, "loader, augmented", w, loaderRate(data, img, w, batches), Double.NaN);
            }
            try (BenchTrainer trainer = new BenchTrainer("yolov5n", img, BATCH)) {
                row(rows, img, "yolov5n train step (model only)", 0, modelRate(trainer, data, img, batches), Double.NaN);
                double[] fed = fedRate(trainer, data, img, batches);
                row(rows, img, "yolov5n training fed by the loader", TRAIN_WORKERS, fed[0], fed[1]);
            }
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.write(csv, rows);
        System.out.println("wrote " + csv);
    }

    private static void row(List<String> rows, int img, String what, int workers, double rate, double waitPercent) {
        System.out.printf(Locale.ROOT, "%-5d %-38s %8s %10.1f %10s%n", img, what, workers == 0 ? "-" : workers, rate,
                Double.isNaN(waitPercent) ? "-" : String.format(Locale.ROOT, "%.1f %%", waitPercent));
        rows.add(String.format(Locale.ROOT, "%d,%s,%d,%.1f,%s,%.2f,%d", img, what, workers, rate,
                Double.isNaN(waitPercent) ? "" : String.format(Locale.ROOT, "%.1f", waitPercent),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
    }

    private static DetLoader loader(DetDataset data, int img, int workers) {
        return DetLoader.builder(data).imgSize(img).batchSize(BATCH).shuffle(true).dropLast(true)
                .augment(Augment.defaults()).workers(workers).seed(0).build();
    }

    /** Batches across epochs, without end. */
    private static Iterator<DetBatch> endless(DetLoader loader) {
        return new Iterator<>() {
            private Iterator<DetBatch> it = loader.iterator();

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public DetBatch next() {
                if (!it.hasNext()) {
                    loader.setEpoch(loader.epoch() + 1);
                    it = loader.iterator();
                }
                return it.next();
            }
        };
    }

    private static double loaderRate(DetDataset data, int img, int workers, int batches) {
        try (DetLoader loader = loader(data, img, workers)) {
            Iterator<DetBatch> it = endless(loader);
            for (int i = 0; i < WARMUP; i++) {
                it.next();
            }
            long t0 = System.nanoTime();
            int images = 0;
            for (int i = 0; i < batches; i++) {
                images += it.next().n();
            }
            return images / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Images per second of training steps on one loaded batch (median step). */
    private static double modelRate(BenchTrainer trainer, DetDataset data, int img, int batches) {
        DetBatch b;
        try (DetLoader loader = loader(data, img, 1)) {
            b = loader.iterator().next();
        }
        int steps = Math.max(3, batches / 4);
        double[] ms = new double[steps];
        for (int i = -1; i < steps; i++) {
            double t = trainer.step(b.images(), b.n(), b.targets(), true);
            if (i >= 0) {
                ms[i] = t;
            }
        }
        Arrays.sort(ms);
        return b.n() * 1000.0 / ms[steps / 2];
    }

    /** Images per second of a loader-fed training loop, and the percentage of its time spent waiting for batches. */
    private static double[] fedRate(BenchTrainer trainer, DetDataset data, int img, int batches) {
        try (DetLoader loader = loader(data, img, TRAIN_WORKERS)) {
            Iterator<DetBatch> it = endless(loader);
            DetBatch first = it.next();
            trainer.step(first.images(), first.n(), first.targets(), true);
            long wait = 0;
            int images = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                long w0 = System.nanoTime();
                DetBatch b = it.next();
                wait += System.nanoTime() - w0;
                trainer.step(b.images(), b.n(), b.targets(), true);
                images += b.n();
            }
            long total = System.nanoTime() - t0;
            return new double[] {images / (total / 1e9), 100.0 * wait / total};
        }
    }
}
