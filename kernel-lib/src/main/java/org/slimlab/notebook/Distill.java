package org.slimlab.notebook;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.DistillConfig;
import org.slimlab.slim.Distillation;
import org.slimlab.slim.PruneOptions;
import org.slimlab.slim.PrunedRun;
import org.slimlab.slim.Pruner;
import org.slimlab.train.DetectionTraining;
import org.slimlab.train.NotebookProgress;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainOutcome;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The distillation notebook's facade: train or fine-tune a student with or without a teacher (live progress, as
 * {@link Slim#train} shows it), prune a run, make a narrower config, and compare runs as curves and a table.
 *
 * <pre>{@code
 * DistillConfig kd = DistillConfig.of(Slim.baselineRun()).withFeat(1, DistillConfig.FeatureType.CWD);
 * Distill.train(Distill.narrower("yolov5n", 0.125), data, config, kd, Slim.notebookRun("kd-feat"));
 * }</pre>
 */
public final class Distill {
    /** The validation metric the comparisons plot by default. */
    public static final String MAP50_95 = "metrics/mAP50-95";

    private Distill() {
    }

    /**
     * Trains the architecture {@code cfg} (a yaml file or built-in name) into {@code runDir} (replacing an earlier
     * run), distilling from {@code kd}'s teacher when {@code kd} is not null, then validates the best weights.
     */
    public static TrainOutcome train(String cfg, Path dataYaml, TrainConfig config, DistillConfig kd, Path runDir) {
        return run(DetectionTraining.fromConfig(cfg, null), dataYaml, config, kd, runDir);
    }

    /**
     * Fine-tunes the trained or pruned run {@code from} into {@code runDir} (replacing an earlier run), distilling
     * from {@code kd}'s teacher when {@code kd} is not null.
     */
    public static TrainOutcome fineTune(Path from, Path dataYaml, TrainConfig config, DistillConfig kd, Path runDir) {
        return run(DetectionTraining.fromRun(from), dataYaml, config, kd, runDir);
    }

    private static TrainOutcome run(DetectionTraining.Builder b, Path dataYaml, TrainConfig config, DistillConfig kd,
            Path runDir) {
        Workspace.deleteRun(runDir);
        b.data(dataYaml).config(config).runDir(runDir).listener(new NotebookProgress()).stopWhen(Interrupts::interrupted);
        if (kd != null) {
            b.extension(Distillation.of(kd));
        }
        return b.build().run();
    }

    /**
     * Writes the config {@code cfg} at another width multiple (same depth) next to the notebook runs, as
     * {@code runs/notebooks/<cfg>-w<width>.yaml}, and returns that file's path for {@link #train}.
     */
    public static String narrower(String cfg, double width) {
        ModelSpec spec = ModelSpec.load(cfg);
        String name = spec.name() + "-w" + width;
        Path file = Slim.notebookRun(name + ".yaml");
        spec.scale(spec.depthMultiple(), width).withName(name).write(file);
        return file.toString();
    }

    /**
     * Prunes {@code percent} % of the channels of a run by Network Slimming's criterion (global |γ| ranking) and
     * saves the smaller model as the run directory {@code out} (replacing an earlier one), ready to fine-tune.
     */
    public static Path prune(Path run, double percent, Path out) {
        Workspace.deleteRun(out);
        try (NDManager m = NDManager.newBaseManager()) {
            PruneOptions options = PruneOptions.percent(percent);
            YoloModel pruned = Pruner.prune(YoloModel.load(run, m), options, m);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("weights", run.toAbsolutePath().normalize().toString());
            args.putAll(options.toMap());
            PrunedRun.save(out, pruned, args);
        }
        return out;
    }

    /** One line per run of a metrics.csv column against the epoch (e.g. {@link #MAP50_95}), on one chart. */
    public static XYChart curves(String column, Map<String, Path> runs) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(column + " per epoch").xAxisTitle("epoch")
                .yAxisTitle(column).build();
        for (Map.Entry<String, Path> e : runs.entrySet()) {
            Table t = metrics(e.getValue());
            if (!t.columnNames().contains(column)) {
                throw new SlimException(e.getValue().resolve("metrics.csv") + ": no column " + column);
            }
            chart.addSeries(e.getKey(), t.numberColumn("epoch").asDoubleArray(), t.numberColumn(column).asDoubleArray())
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * One row per run: parameters and GFLOPs at {@code img}, epochs, the best validation mAP50 and mAP50-95 of the
     * training curve.
     */
    public static Table table(Map<String, Path> runs, int img) {
        StringColumn name = StringColumn.create("run");
        DoubleColumn params = DoubleColumn.create("params (M)");
        DoubleColumn gflops = DoubleColumn.create("GFLOPs");
        IntColumn epochs = IntColumn.create("epochs");
        DoubleColumn map50 = DoubleColumn.create("best mAP50");
        DoubleColumn map = DoubleColumn.create("best mAP50-95");
        for (Map.Entry<String, Path> e : runs.entrySet()) {
            ModelSummary s = ModelSummary.of(ModelSpec.loadRun(e.getValue()), img);
            Table t = metrics(e.getValue());
            name.append(e.getKey());
            params.append(s.parameters() / 1e6);
            gflops.append(s.gflops());
            epochs.append(t.rowCount());
            map50.append(t.numberColumn("metrics/mAP50").max());
            map.append(t.numberColumn(MAP50_95).max());
        }
        return Table.create("runs", name, params, gflops, epochs, map50, map);
    }

    /** A run's {@code metrics.csv} as a table. */
    public static Table metrics(Path run) {
        Path csv = run.resolve("metrics.csv");
        if (!Files.isRegularFile(csv)) {
            throw new SlimException(run + ": no metrics.csv (not a training run)");
        }
        try {
            return Table.read().csv(csv.toString());
        } catch (RuntimeException e) {
            throw new SlimException(csv + ": unreadable (" + e.getMessage() + ")", e);
        }
    }
}
