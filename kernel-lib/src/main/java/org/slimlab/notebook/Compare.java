package org.slimlab.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slimlab.data.DataYaml;
import org.slimlab.model.EqualGflops;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.report.BlockCosts;
import org.slimlab.report.ComparisonRunner;
import org.slimlab.report.Latency;
import org.slimlab.train.NotebookProgress;
import org.slimlab.train.TrainConfig;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Notebook facade for comparing lightweight backbones: the shipped variants, the cost of their building blocks,
 * their parameter and GFLOPs budgets, width scaling to equal GFLOPs, and the trained comparison with its table
 * and Pareto plots ({@code Compare.run(...)}).
 */
public final class Compare {
    /** YOLOv5n and its lightweight variants, the anchor-based side. */
    public static final List<String> YOLOV5N_VARIANTS = List.of("yolov5n", "yolov5n-ghost", "yolov5n-mobilenetv3",
            "yolov5n-shufflenetv2", "yolov5n-dwconv", "yolov5n-fasternet", "yolov5n-adown");
    /** YOLOv8n and its lightweight variants, the anchor-free side. */
    public static final List<String> YOLOV8N_VARIANTS = List.of("yolov8n", "yolov8n-csppc", "yolov8n-adown",
            "yolov8n-csppc-adown");

    /** Timed latency rounds per model and batch size in quick mode. */
    public static final int QUICK_LATENCY_RUNS = 3;

    private Compare() {
    }

    /** The comment block at the top of a config: what changed from the base model and why. */
    public static String header(String cfg) {
        return ModelSpec.load(cfg).header();
    }

    /**
     * Parameters and multiply-accumulates of single blocks at width {@code c} on a {@code hw}×{@code hw} map,
     * counted on the real blocks next to the closed-form formulas.
     */
    public static Table blockCosts(int c, int hw) {
        return BlockCosts.table(c, hw);
    }

    /** Layers, parameters and GFLOPs (at 640) of each config for a dataset's classes, without training. */
    public static Table budgets(List<String> cfgs, Path dataYaml) {
        int nc = DataYaml.load(dataYaml).nc();
        List<ModelSummary> s = cfgs.stream().map(c -> ModelSummary.of(ModelSpec.load(c).withNc(nc))).toList();
        return Table.create("budgets (nc=" + nc + ", 640 px)",
                StringColumn.create("model", cfgs),
                IntColumn.create("layers", s.stream().mapToInt(ModelSummary::layers).toArray()),
                LongColumn.create("parameters", s.stream().mapToLong(ModelSummary::parameters).toArray()),
                DoubleColumn.create("GFLOPs", s.stream().mapToDouble(m -> thousandths(m.gflops()))));
    }

    /** What {@link #run} would train in equal-GFLOPs mode: each config's width factor and GFLOPs against the reference. */
    public static Table equalGflops(List<String> cfgs, String reference, Path dataYaml) {
        List<ComparisonRunner.Variant> v = ComparisonRunner.builder(cfgs, dataYaml).equalGflops(reference).build().plan();
        double target = EqualGflops.gflops(ModelSpec.load(reference).withNc(DataYaml.load(dataYaml).nc()),
                EqualGflops.IMAGE);
        return Table.create("width-scaled to " + reference + " (" + thousandths(target) + " GFLOPs)",
                StringColumn.create("config", v.stream().map(ComparisonRunner.Variant::cfg).toList()),
                StringColumn.create("model", v.stream().map(x -> x.spec().name()).toList()),
                DoubleColumn.create("width factor", v.stream().mapToDouble(x -> thousandths(x.widthFactor()))),
                DoubleColumn.create("GFLOPs", v.stream().mapToDouble(x -> thousandths(x.gflops()))),
                DoubleColumn.create("vs reference %",
                        v.stream().mapToDouble(x -> Math.round(1000 * (x.gflops() / target - 1)) / 10.0)));
    }

    /**
     * Trains every config on the data with the same schedule and seed, with live progress, into
     * {@code project/<model>} (an earlier comparison in {@code project} is replaced), then measures them; the
     * result holds the table ({@code comparison().table()}) and the plots ({@code comparison().latencyPlot()},
     * {@code comparison().gflopsPlot()}). With a {@code reference} config, every model is first width-scaled to
     * its GFLOPs. Runs in {@code alongside} (trained earlier, outside {@code project}) join the table untrained.
     * Interrupting the kernel stops the current run and ends the comparison. Latencies are medians of
     * {@value Latency#DEFAULT_RUNS} timed rounds ({@value #QUICK_LATENCY_RUNS} in quick mode).
     */
    public static ComparisonRunner.Result run(List<String> cfgs, Path dataYaml, TrainConfig config, String reference,
            Path project, Path... alongside) {
        Workspace.deleteRun(project);
        ComparisonRunner.Builder b = ComparisonRunner.builder(cfgs, dataYaml);
        for (Path run : alongside) {
            b.alongside(run);
        }
        return b.config(config).equalGflops(reference).project(project)
                .latencyRuns(Slim.quick() ? QUICK_LATENCY_RUNS : Latency.DEFAULT_RUNS).listener(NotebookProgress::new).stopWhen(Interrupts::interrupted).log(System.out::println).build().run();
    }

    private static double thousandths(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
