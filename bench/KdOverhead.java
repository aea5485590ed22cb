import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.DistillConfig;
import org.slimlab.slim.Distillation;
import org.slimlab.train.EpochData;
import org.slimlab.train.StepReport;
import org.slimlab.train.TrainBatch;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainListener;
import org.slimlab.train.Trainer;
import org.slimlab.train.YoloDetector;

/**
 * Time and memory overhead of knowledge distillation per training step, measured in one process: the student
 * alone, with output distillation, and with output + feature distillation (CWD), on the same synthetic batches.
 * The configurations take turns for {@code --rounds} rounds so that drift in machine load hits all of them; the
 * time is the median step (after {@code --warmup} steps of every turn). Memory is the process's resident set
 * high-water mark after each configuration's first turn, in that order, so each figure includes the ones before it.
 *
 * <pre>
 * bench/kd_overhead.sh [--student yolov5n] [--teacher yolov5s] [--img 256] [--batch 8] [--steps 8] [--warmup 2]
 *                      [--rounds 2] [--csv bench/out/kd_overhead.csv]
 * </pre>
 */
public final class KdOverhead {
    private static final int NC = 10;

    public static void main(String[] argv) throws IOException {
        Map<String, String> a = new LinkedHashMap<>(Map.of("--student", "yolov5n", "--teacher", "yolov5s", "--img", "256",
                "--batch", "8", "--steps", "8", "--warmup", "2", "--rounds", "2", "--csv", "bench/out/kd_overhead.csv"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!a.containsKey(argv[i])) {
                throw new IllegalArgumentException("unknown option " + argv[i] + "; options: " + a.keySet());
            }
            a.put(argv[i], argv[i + 1]);
        }
        int img = Integer.parseInt(a.get("--img"));
        int batch = Integer.parseInt(a.get("--batch"));
        int steps = Integer.parseInt(a.get("--steps"));
        int warmup = Integer.parseInt(a.get("--warmup"));
        int rounds = Integer.parseInt(a.get("--rounds"));
        Engine.getInstance().setRandomSeed(0);
        Path tmp = Files.createTempDirectory("kd-bench");
        Path teacherRun = tmp.resolve("teacher");
        ModelSpec teacherSpec = ModelSpec.load(a.get("--teacher")).withNc(NC);
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel.build(teacherSpec).initialize(m).save(teacherRun);
        }
        ModelSpec studentSpec = ModelSpec.load(a.get("--student")).withNc(NC);
        Map<String, DistillConfig> configs = new LinkedHashMap<>();
        configs.put("student alone", null);
        configs.put("+ output KD", DistillConfig.of(teacherRun));
        configs.put("+ output + feature KD (CWD)", DistillConfig.of(teacherRun).withFeat(1, DistillConfig.FeatureType.CWD));
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        EpochData data = data(warmup + steps, batch, img);
        int runNo = 0;
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, DistillConfig> c : configs.entrySet()) {
                List<Double> t = times.computeIfAbsent(c.getKey(), k -> new ArrayList<>());
                t.addAll(steps(new YoloDetector(studentSpec), data, c.getValue(), tmp.resolve("run" + runNo++), img, batch,
                        warmup));
                rss.putIfAbsent(c.getKey(), peakRssKib());
            }
        }
        double base = median(times.get("student alone"));
        StringBuilder csv = new StringBuilder("config,student,teacher,img,batch,steps,median_ms,overhead,peak_rss_mib\n");
        System.out.printf(Locale.ROOT, "student %s (%.2f GFLOPs), teacher %s (%.2f GFLOPs), %d px, batch %d, %d x %d "
                + "timed steps, %d threads%n", studentSpec.name(), ModelSummary.of(studentSpec, img).gflops(),
                teacherSpec.name(), ModelSummary.of(teacherSpec, img).gflops(), img, batch, rounds, steps,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-30s %12s %10s %14s%n", "configuration", "ms/step", "overhead", "peak RSS MiB");
        for (String k : configs.keySet()) {
            double med = median(times.get(k));
            double mib = rss.get(k) / 1024.0;
            System.out.printf(Locale.ROOT, "%-30s %12.1f %9.2fx %14.0f%n", k, med, med / base, mib);
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.2f,%.3f,%.0f%n", k, studentSpec.name(),
                    teacherSpec.name(), img, batch, times.get(k).size(), med, med / base, mib));
        }
        Path out = Path.of(a.get("--csv"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, csv);
        System.out.println("wrote " + out);
    }

    /** Milliseconds of each step after the warm-up, for one configuration. */
    private static List<Double> steps(YoloDetector student, EpochData data, DistillConfig kd, Path run, int img, int batch,
            int warmup) {
        TrainConfig cfg = TrainConfig.of().withEpochs(1).withBatch(batch).withImgSize(img).withSeed(0).with("nbs", batch)
                .with("save_period_seconds", 0.0);
        Trainer.Builder b = Trainer.builder(student, data, run);
        if (kd != null) {
            for (Map.Entry<String, Object> e : kd.toArgs().entrySet()) {
                cfg = cfg.with(e.getKey(), e.getValue());
            }
            Distillation.install(b, cfg, student);
        }
        List<Double> ms = new ArrayList<>();
        b.config(cfg).listener(new TrainListener() {
            private long last = System.nanoTime();

            @Override
            public void onStep(StepReport r) {
                long now = System.nanoTime();
                if (r.step().batch() >= warmup) {
                    ms.add((now - last) / 1e6);
                }
                last = now;
            }
        });
        try (Trainer t = b.build()) {
            t.run();
        }
        return ms;
    }

    private static EpochData data(int batches, int n, int img) {
        List<TrainBatch> list = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < batches; k++) {
            float[] px = new float[n * 3 * img * img];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextDouble();
            }
            List<float[]> targets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int o = 0; o < 3; o++) {
                    targets.add(new float[] {i, r.nextInt(NC), 0.2f + 0.6f * (float) r.nextDouble(),
                        0.2f + 0.6f * (float) r.nextDouble(), 0.05f + 0.2f * (float) r.nextDouble(),
                        0.05f + 0.2f * (float) r.nextDouble()});
                }
            }
            list.add(new TrainBatch(px, n, img, img, targets.toArray(new float[0][])));
        }
        return EpochData.fixed(list);
    }

    /** VmHWM of this process in KiB (Linux), or -1. */
    private static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
