package org.slimlab.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.slimlab.SlimException;
import org.slimlab.eval.MetricPlots;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A table of trained models side by side: parameters, GFLOPs, CPU latency at batch 1 and 16 (the models timed in
 * turn, so that a busy machine slows them alike), GPU latency when libtorch sees a GPU, mAP50, mAP50-95 of the
 * best epoch and training time; with the accuracy-cost plots and their Pareto fronts.
 */
public final class Comparison {
    /** The file {@link #save(Path)} writes the table to. */
    public static final String CSV = "compare.csv";
    /** The plot of mAP50-95 against CPU latency. */
    public static final String LATENCY_PNG = "map_vs_latency.png";
    /** The plot of mAP50-95 against GFLOPs. */
    public static final String GFLOPS_PNG = "map_vs_gflops.png";
    private static final String[] HEADER = {"name", "width_factor", "parameters", "gflops", "cpu_b1_ms", "cpu_b16_ms",
        "gpu_b1_ms", "gpu_b16_ms", "map50", "map50_95", "train_s", "run"};

    private final List<VariantRow> rows;
    private final int img;

    /** A comparison of {@code rows}, latencies measured at {@code img} pixels. */
    public Comparison(List<VariantRow> rows, int img) {
        this.rows = List.copyOf(rows);
        this.img = img;
    }

    /**
     * How the latency is measured.
     *
     * @param img square input side in pixels
     * @param warmup untimed rounds
     * @param runs timed rounds (the median is reported)
     * @param gpu also time on the first GPU when there is one
     */
    public record Timing(int img, int warmup, int runs, boolean gpu) {
        /** Three warm-up rounds and {@code runs} timed ones, on the GPU too when there is one. */
        public static Timing of(int img, int runs) {
            return new Timing(img, Latency.DEFAULT_WARMUP, runs, true);
        }
    }

    /**
     * Measures trained runs: figures from each run's {@code model.yaml}, best weights and {@code metrics.csv}.
     *
     * @param runs run directories, in table order
     * @param widthFactors the width factor of each run (NaN when unknown), same length
     */
    public static Comparison measure(List<Path> runs, List<Double> widthFactors, Timing timing) {
        if (runs.isEmpty()) {
            throw new SlimException("compare: no runs to compare");
        }
        if (widthFactors.size() != runs.size()) {
            throw new IllegalArgumentException(runs.size() + " runs but " + widthFactors.size() + " width factors");
        }
        List<RunFigures> figures = runs.stream().map(RunFigures::of).toList();
        long[] params = new long[runs.size()];
        double[] gflops = new double[runs.size()];
        double[][] cpu;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            List<YoloModel> models = load(runs, manager);
            for (int i = 0; i < models.size(); i++) {
                ModelSummary s = ModelSummary.of(models.get(i), ModelSummary.DEFAULT_IMAGE);
                params[i] = s.parameters();
                gflops[i] = s.gflops();
            }
            cpu = latencies(models, timing);
        }
        double[][] gpu = null;
        if (timing.gpu() && Engine.getInstance().getGpuCount() > 0) {
            try (NDManager manager = NDManager.newBaseManager(Device.gpu())) {
                gpu = latencies(load(runs, manager), timing);
            }
        }
        List<VariantRow> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunFigures f = figures.get(i);
            Path name = runs.get(i).toAbsolutePath().normalize().getFileName();
            rows.add(new VariantRow(name == null ? runs.get(i).toString() : name.toString(), runs.get(i),
                    widthFactors.get(i), params[i], gflops[i], cpu[0][i], cpu[1][i],
                    gpu == null ? Double.NaN : gpu[0][i], gpu == null ? Double.NaN : gpu[1][i], f.map50(), f.map50_95(),
                    f.trainSeconds()));
        }
        return new Comparison(rows, timing.img());
    }

    private static List<YoloModel> load(List<Path> runs, NDManager manager) {
        List<YoloModel> models = new ArrayList<>();
        for (Path run : runs) {
            models.add(YoloModel.load(run, manager));
        }
        return models;
    }

    /** Medians per model at batch 1 (index 0) and batch 16 (index 1). */
    private static double[][] latencies(List<YoloModel> models, Timing t) {
        double[][] out = new double[2][];
        int[] batches = {1, 16};
        for (int b = 0; b < batches.length; b++) {
            out[b] = Latency.compare(models, batches[b], t.img(), t.warmup(), t.runs()).stream()
                    .mapToDouble(Latency.Result::medianMs).toArray();
        }
        return out;
    }

    /** The models, in table order. */
    public List<VariantRow> rows() {
        return rows;
    }

    /** Image side the latencies were measured at. */
    public int img() {
        return img;
    }

    /** The row of a model by name. */
    public VariantRow row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new SlimException("compare: no model named '" + name + "' in the table"));
    }

    /** An aligned text table, latencies in ms at {@link #img()} px, training time in minutes. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        String head = "%-28s %6s %10s %7s %9s %9s %9s %9s %7s %8s %8s%n";
        sb.append(String.format(Locale.ROOT, head, "model", "width", "params", "GFLOPs", "cpu b1", "cpu b16", "gpu b1",
                "gpu b16", "mAP50", "mAP50-95", "train"));
        for (VariantRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-28s %6s %10d %7.2f %9s %9s %9s %9s %7.4f %8.4f %7.1fm%n", r.name(),
                    r.widthFactor() == 1.0 ? "1" : fixed(r.widthFactor(), 3), r.parameters(), r.gflops(),
                    fixed(r.cpuB1Ms(), 2), fixed(r.cpuB16Ms(), 2), fixed(r.gpuB1Ms(), 2), fixed(r.gpuB16Ms(), 2), r.map50(),
                    r.map50_95(), r.trainSeconds() / 60));
        }
        sb.append(String.format(Locale.ROOT, "latency: median ms per forward pass at %d px; GFLOPs at 640 px; "
                + "Pareto front (mAP50-95 vs CPU b1): %s%n", img, String.join(", ", frontNames())));
        return sb.toString();
    }

    /** Names of the models on the Pareto front of mAP50-95 against CPU latency at batch 1. */
    public List<String> frontNames() {
        boolean[] on = ParetoFront.of(rows.stream().mapToDouble(VariantRow::cpuB1Ms).toArray(),
                rows.stream().mapToDouble(VariantRow::map50_95).toArray());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < on.length; i++) {
            if (on[i]) {
                names.add(rows.get(i).name());
            }
        }
        return names;
    }

    /** The table as Tablesaw columns (for notebooks). */
    public Table table() {
        return Table.create("comparison at " + img + " px",
                StringColumn.create("model", rows.stream().map(VariantRow::name).toList()),
                DoubleColumn.create("width factor", rows.stream().mapToDouble(VariantRow::widthFactor)),
                LongColumn.create("parameters", rows.stream().mapToLong(VariantRow::parameters).toArray()),
                DoubleColumn.create("GFLOPs", rows.stream().mapToDouble(r -> round(r.gflops(), 3))),
                DoubleColumn.create("CPU b1 ms", rows.stream().mapToDouble(r -> round(r.cpuB1Ms(), 2))),
                DoubleColumn.create("CPU b16 ms", rows.stream().mapToDouble(r -> round(r.cpuB16Ms(), 2))),
                DoubleColumn.create("GPU b1 ms", rows.stream().mapToDouble(r -> round(r.gpuB1Ms(), 2))),
                DoubleColumn.create("GPU b16 ms", rows.stream().mapToDouble(r -> round(r.gpuB16Ms(), 2))),
                DoubleColumn.create("mAP50", rows.stream().mapToDouble(r -> round(r.map50(), 4))),
                DoubleColumn.create("mAP50-95", rows.stream().mapToDouble(r -> round(r.map50_95(), 4))),
                DoubleColumn.create("train min", rows.stream().mapToDouble(r -> round(r.trainSeconds() / 60, 2))));
    }

    /** mAP50-95 against CPU latency at batch 1, Pareto front marked. */
    public XYChart latencyPlot() {
        return ComparisonPlots.mapVsLatency(rows);
    }

    /** mAP50-95 against GFLOPs, Pareto front marked. */
    public XYChart gflopsPlot() {
        return ComparisonPlots.mapVsGflops(rows);
    }

    /** Writes {@value #CSV}, {@value #LATENCY_PNG} and {@value #GFLOPS_PNG} into {@code dir}; returns the csv. */
    public Path save(Path dir) {
        Path csv = dir.resolve(CSV);
        StringBuilder sb = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (VariantRow r : rows) {
            sb.append(String.join(",", r.name(), csvNumber(r.widthFactor()), Long.toString(r.parameters()),
                    csvNumber(r.gflops()), csvNumber(r.cpuB1Ms()), csvNumber(r.cpuB16Ms()), csvNumber(r.gpuB1Ms()),
                    csvNumber(r.gpuB16Ms()), csvNumber(r.map50()), csvNumber(r.map50_95()), csvNumber(r.trainSeconds()),
                    r.run().toString())).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlimException("cannot write " + csv + ": " + e.getMessage(), e);
        }
        MetricPlots.savePng(latencyPlot(), dir.resolve(LATENCY_PNG));
        MetricPlots.savePng(gflopsPlot(), dir.resolve(GFLOPS_PNG));
        return csv;
    }

    private static String csvNumber(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Double.isFinite(v) ? Math.round(v * f) / f : Double.NaN;
    }
}
