package org.slimlab.report;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * The lightweight YOLOv8 recipe step by step: yolov8n, then CSPPC in place of C2f, then ADown in
 * place of the stride-2 Convs, then an AFPN neck ({@code yolov8n-lite}). Each step's parameters
 * (at nc=1, the figure the recipe reports, and at a dataset's nc), GFLOPs (at 640 and at a
 * training size) and CPU latency at batch 1 and 16, the steps timed interleaved so that a busy
 * machine slows them alike. Run:
 * {@code java -cp "kernel-lib/target/kernel-lib-0.1.0-SNAPSHOT.jar:kernel-lib/target/lib/*" org.slimlab.report.RecipeSteps [nc] [img] [runs]}
 */
public final class RecipeSteps {
    /** The configs of the steps, in order. */
    public static final List<String> CONFIGS = List.of("yolov8n", "yolov8n-csppc", "yolov8n-csppc-adown", "yolov8n-lite");
    /** What each step adds. */
    public static final List<String> CHANGES = List.of("YOLOv8n", "+ CSPPC (C2f -> PConv pairs)",
            "+ ADown (stride-2 Convs)", "+ AFPN neck");
    /** Parameters the recipe reports for YOLOv8n at nc=1 (Ultralytics prints the same). */
    public static final long REPORTED_BASE = 3_011_043L;
    /** Parameters the recipe reports for its final model at nc=1. */
    public static final long REPORTED_LITE = 1_436_977L;
    /** The batch sizes timed. */
    public static final int[] BATCHES = {1, 16};

    private RecipeSteps() {
    }

    /**
     * Parameters and GFLOPs of every step: columns {@code step}, {@code config}, {@code params_nc1},
     * {@code params_nc<nc>} (left out for nc=1), {@code params_pct} (nc=1, percent of YOLOv8n),
     * {@code gflops_640}, {@code gflops_<img>} (left out for 640).
     */
    public static Table counts(int nc, int img) {
        List<ModelSummary> one = new ArrayList<>();
        List<ModelSummary> atNc = new ArrayList<>();
        List<ModelSummary> atImg = new ArrayList<>();
        for (String cfg : CONFIGS) {
            one.add(ModelSummary.of(ModelSpec.load(cfg).withNc(1)));
            YoloModel model = YoloModel.build(ModelSpec.load(cfg).withNc(nc));
            try (NDManager m = NDManager.newBaseManager()) {
                model.initialize(m);
                atNc.add(ModelSummary.of(model, ModelSummary.DEFAULT_IMAGE));
                atImg.add(ModelSummary.of(model, img));
            }
        }
        Table t = Table.create("lightweight YOLOv8 recipe");
        t.addColumns(StringColumn.create("step", CHANGES), StringColumn.create("config", CONFIGS),
                LongColumn.create("params_nc1", one.stream().mapToLong(ModelSummary::parameters).toArray()));
        if (nc != 1) {
            t.addColumns(LongColumn.create("params_nc" + nc, atNc.stream().mapToLong(ModelSummary::parameters).toArray()));
        }
        double base = one.get(0).parameters();
        t.addColumns(DoubleColumn.create("params_pct", one.stream().mapToDouble(s -> round(100 * s.parameters() / base, 1))),
                DoubleColumn.create("gflops_640", atNc.stream().mapToDouble(s -> round(s.gflops(), 2))));
        if (img != ModelSummary.DEFAULT_IMAGE) {
            t.addColumns(DoubleColumn.create("gflops_" + img, atImg.stream().mapToDouble(s -> round(s.gflops(), 3))));
        }
        return t;
    }

    /**
     * {@link #counts} plus {@code latency_b1_ms} and {@code latency_b16_ms}: CPU medians at
     * {@code img} px of the models built for {@code nc} classes, after {@code warmup} untimed rounds.
     */
    public static Table measure(int nc, int img, int warmup, int runs) {
        Table t = counts(nc, img);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(0);
            List<YoloModel> models = new ArrayList<>();
            for (String cfg : CONFIGS) {
                models.add(YoloModel.build(ModelSpec.load(cfg).withNc(nc)).initialize(m));
            }
            for (int batch : BATCHES) {
                List<Latency.Result> r = Latency.compare(models, batch, img, warmup, runs);
                t.addColumns(DoubleColumn.create("latency_b" + batch + "_ms", r.stream().mapToDouble(x -> round(x.medianMs(), 1))));
            }
        }
        return t;
    }

    /**
     * The recipe's reported parameter counts (nc=1) next to SlimLab's for the same steps: columns
     * {@code config}, {@code reported}, {@code measured}, {@code difference} (measured − reported),
     * {@code difference_pct}.
     */
    public static Table versusReported() {
        List<String> cfgs = List.of(CONFIGS.get(0), CONFIGS.get(CONFIGS.size() - 1));
        long[] reported = {REPORTED_BASE, REPORTED_LITE};
        long[] measured = new long[2];
        for (int i = 0; i < 2; i++) {
            measured[i] = ModelSummary.of(ModelSpec.load(cfgs.get(i)).withNc(1)).parameters();
        }
        Table t = Table.create("reported vs measured, nc=1");
        t.addColumns(StringColumn.create("config", cfgs), LongColumn.create("reported", reported),
                LongColumn.create("measured", measured),
                LongColumn.create("difference", new long[] {measured[0] - reported[0], measured[1] - reported[1]}),
                DoubleColumn.create("difference_pct", new double[] {pct(measured[0], reported[0]), pct(measured[1], reported[1])}));
        return t;
    }

    /**
     * Where each step's parameters are (nc classes): {@code backbone} (the yaml's backbone rows),
     * {@code neck} (head rows before Detect) and {@code detect}.
     */
    public static Table parts(int nc) {
        long[][] p = new long[3][CONFIGS.size()];
        for (int i = 0; i < CONFIGS.size(); i++) {
            ModelSpec spec = ModelSpec.load(CONFIGS.get(i)).withNc(nc);
            List<ModelSummary.Row> rows = ModelSummary.of(spec).rows();
            for (ModelSummary.Row r : rows) {
                int part = r.index() < spec.backboneSize() ? 0 : r.index() < rows.size() - 1 ? 1 : 2;
                p[part][i] += r.params();
            }
        }
        Table t = Table.create("parameters by part, nc=" + nc);
        t.addColumns(StringColumn.create("config", CONFIGS), LongColumn.create("backbone", p[0]),
                LongColumn.create("neck", p[1]), LongColumn.create("detect", p[2]));
        return t;
    }

    private static double pct(long measured, long reported) {
        return round(100.0 * (measured - reported) / reported, 1);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Prints the tables; arguments: nc (10), image size (256), timed runs (10). */
    public static void main(String[] args) {
        int nc = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int img = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : Latency.DEFAULT_RUNS;
        System.out.println(measure(nc, img, Latency.DEFAULT_WARMUP, runs).printAll());
        System.out.println(versusReported().printAll());
        System.out.println(parts(1).printAll());
        System.out.println(parts(nc).printAll());
    }
}
