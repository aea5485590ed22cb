package org.slimlab.notebook;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.knowm.xchart.XYChart;
import org.slimlab.data.DataYaml;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.eval.DetMetrics;
import org.slimlab.eval.NmsConfig;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.DetectHead;
import org.slimlab.report.Latency;
import org.slimlab.slim.EagleEye;
import org.slimlab.slim.GammaStats;
import org.slimlab.slim.IterativePruning;
import org.slimlab.slim.LayerPruning;
import org.slimlab.slim.PruneOptions;
import org.slimlab.slim.PrunePlan;
import org.slimlab.slim.PrunedRun;
import org.slimlab.slim.Pruner;
import org.slimlab.slim.SparsityRegularizer;
import org.slimlab.slim.SparsityTraining;
import org.slimlab.train.DetectionTraining;
import org.slimlab.train.DetectionValidator;
import org.slimlab.train.NotebookProgress;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.TrainOutcome;
import org.slimlab.train.Trainer;
import org.slimlab.train.YoloDetector;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook facade for sparsity training, pruning and fine-tuning (notebooks 02 and 03): short
 * static methods over {@code org.slimlab.slim} that train with live progress, keep their runs under
 * {@code runs/notebooks}, and return tables and charts a cell can show.
 */
public final class Pruning {
    private Pruning() {
    }

    /**
     * The run to start from: notebook 01's baseline ({@link Slim#baselineRun()}) when it holds weights,
     * else a short YOLOv5n baseline trained here once (quick mode: 2 epochs; else 5) and kept in
     * {@code runs/notebooks/baseline-short}.
     */
    public static Path baseline(Path data) {
        Path full = Slim.baselineRun();
        if (Files.isRegularFile(full.resolve(YoloModel.BEST_WEIGHTS))) {
            return full;
        }
        Path shortRun = Slim.notebookRun("baseline-short");
        if (!Files.isRegularFile(shortRun.resolve(YoloModel.BEST_WEIGHTS))) {
            Slim.train("yolov5n", data, config(Slim.quick() ? 2 : 5).withLr0(0.002), shortRun);
        }
        return shortRun;
    }

    /** Notebook 02's sparsity-trained run (it may not exist yet). */
    public static Path sparseRun() {
        return Slim.notebookRun("sparse");
    }

    /** Image side of the notebooks: 128 px in quick mode, else 256 (FashionDet's size). */
    public static int img() {
        return Slim.quick() ? 128 : 256;
    }

    /**
     * The notebooks' training arguments: {@code epochs} of AdamW with a cosine schedule, batch 16 at
     * {@link #img()}, half an epoch of warm-up, seed 0, on the GPU when there is one. No {@code lr0}:
     * fine-tuning then starts at 0.1× AdamW's default.
     */
    public static TrainConfig config(int epochs) {
        return TrainConfig.of().withEpochs(epochs).withBatch(16).withImgSize(img())
                .withOptimizer(TrainConfig.OptimizerKind.ADAMW).withCosLr(true).withWarmupEpochs(0.5).withSeed(0)
                .withDevice(Slim.device().isGpu() ? "gpu" : "cpu");
    }

    /** A sparsity-training run: where it went, how it ended, and its regulariser (γ after every epoch). */
    public record SparsityRun(double lambda, Path run, TrainOutcome outcome, SparsityRegularizer regularizer) {
        /** Histogram of the prunable |γ| after each epoch, one line per epoch. */
        public XYChart histogram(int bins) {
            return regularizer.histogram(bins);
        }

        /** The per-epoch γ statistics the run wrote ({@code sparsity.csv}). */
        public Table statistics() {
            return Table.read().csv(run.resolve(SparsityRegularizer.CSV).toString());
        }
    }

    /**
     * Sparsity training (Network Slimming's λ, constant schedule) starting from the weights of
     * {@code from}, into {@code runDir} (replaced), with live progress. {@code config} needs an
     * {@code lr0} or takes 0.1× the default, as fine-tuning does.
     */
    public static SparsityRun sparsityTrain(Path from, Path data, double lambda, TrainConfig config, Path runDir) {
        SparsityTraining sr = SparsityTraining.of(lambda, SparsityRegularizer.Schedule.CONSTANT, 0);
        SparsityRegularizer[] kept = new SparsityRegularizer[1];
        TrainExtension capture = new TrainExtension() {
            @Override
            public Map<String, Object> args() {
                return sr.args();
            }

            @Override
            public void configure(Trainer.Builder trainer, TrainConfig c, YoloDetector detector) {
                kept[0] = SparsityTraining.fromArgs(c, detector);
                trainer.gradientHook(kept[0]).listener(kept[0]);
            }
        };
        Workspace.deleteRun(runDir);
        TrainOutcome o = DetectionTraining.fromRun(from).data(data).config(config).runDir(runDir).extension(capture)
                .listener(new NotebookProgress()).stopWhen(Interrupts::interrupted).build().run();
        return new SparsityRun(lambda, runDir, o, kept[0]);
    }

    /** One line per sparsity run: λ, mAP50, mAP50-95 and the final γ statistics. */
    public static Table lambdaTable(List<SparsityRun> runs) {
        DoubleColumn lambda = DoubleColumn.create("lambda");
        DoubleColumn map50 = DoubleColumn.create("mAP50");
        DoubleColumn map = DoubleColumn.create("mAP50-95");
        DoubleColumn mean = DoubleColumn.create("mean |gamma|");
        DoubleColumn below = DoubleColumn.create("share |gamma| < 1e-2");
        for (SparsityRun r : runs) {
            lambda.append(r.lambda());
            DetMetrics m = r.outcome().best();
            map50.append(m == null ? Double.NaN : m.map50());
            map.append(m == null ? Double.NaN : m.map50_95());
            List<GammaStats> h = r.regularizer().history();
            GammaStats last = h.isEmpty() ? null : h.get(h.size() - 1);
            mean.append(last == null ? Double.NaN : last.meanAbs());
            below.append(last == null ? Double.NaN : last.below1e2());
        }
        return Table.create("sparsity by lambda", lambda, map50, map, mean, below);
    }

    /** Histograms of the prunable |γ| of several runs (label to run directory), on one chart. */
    public static XYChart gammaHistogram(Map<String, Path> runs, int bins) {
        Map<String, float[]> sets = new LinkedHashMap<>();
        runs.forEach((label, run) -> sets.put(label, gammas(run)));
        return GammaStats.histogram(sets, bins);
    }

    /** γ statistics of several runs, one line each. */
    public static Table gammaTable(Map<String, Path> runs) {
        StringColumn name = StringColumn.create("run");
        Map<String, DoubleColumn> cols = new LinkedHashMap<>();
        runs.forEach((label, run) -> {
            name.append(label);
            GammaStats.of(gammas(run)).toMap()
                    .forEach((k, v) -> cols.computeIfAbsent(k, DoubleColumn::create).append(v));
        });
        Table t = Table.create("gamma statistics", name);
        cols.values().forEach(t::addColumns);
        return t;
    }

    private static float[] gammas(Path run) {
        try (NDManager m = NDManager.newBaseManager()) {
            return GammaStats.prunableGammas(YoloModel.load(run, m));
        }
    }

    /** The model of a run directory, in a manager of its own. */
    public static YoloModel load(Path run) {
        return YoloModel.load(run, NDManager.newBaseManager());
    }

    /** {@link Pruner#plan} then {@link Pruner#apply}: the pruned model, in a manager of its own. */
    public static YoloModel prune(YoloModel model, PrunePlan plan) {
        return Pruner.apply(model, plan, NDManager.newBaseManager());
    }

    /** Removes {@code count} whole blocks or branches (lowest mean |γ| first); see {@link LayerPruning}. */
    public static LayerPruning.Result pruneLayers(YoloModel model, int count) {
        return LayerPruning.prune(model, count, NDManager.newBaseManager());
    }

    /**
     * mAP of an in-memory model on a dataset's val split at {@code img} pixels, with the validation
     * NMS of its head family (no run directory needed: a pruned model before saving, say).
     */
    public static DetMetrics evaluate(YoloModel model, Path data, int img) {
        DataYaml yaml = DataYaml.load(data);
        NmsConfig nms = model.head().kind() == DetectHead.Kind.ANCHOR_BASED ? NmsConfig.valV5() : NmsConfig.val();
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (DetLoader loader = DetLoader.builder(DetDataset.load(yaml, "val", false)).imgSize(img).batchSize(32)
                .workers(2).build()) {
            DetectionValidator v = new DetectionValidator(loader, yaml.names(), nms);
            v.validate(model, 0);
            return v.lastMetrics();
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    /**
     * Prunes {@code model} once per option set (label to options) and reports, for each: parameters,
     * GFLOPs at {@code img}, channels removed, and mAP50 on {@code data} before any fine-tuning.
     */
    public static Table compareOptions(YoloModel model, Map<String, PruneOptions> options, Path data, int img) {
        StringColumn name = StringColumn.create("pruning");
        LongColumn params = LongColumn.create("parameters");
        DoubleColumn gflops = DoubleColumn.create("GFLOPs");
        LongColumn removed = LongColumn.create("channels removed");
        DoubleColumn map50 = DoubleColumn.create("mAP50 before fine-tuning");
        options.forEach((label, o) -> {
            try (NDManager m = NDManager.newBaseManager()) {
                PrunePlan plan = Pruner.plan(model, o);
                YoloModel small = Pruner.apply(model, plan, m);
                ModelSummary s = ModelSummary.of(small, img);
                name.append(label);
                params.append(s.parameters());
                gflops.append(Math.round(s.gflops() * 1000) / 1000.0);
                removed.append(plan.removedChannels());
                map50.append(evaluate(small, data, img).map50());
            }
        });
        return Table.create("pruning options compared", name, params, gflops, removed, map50);
    }

    /**
     * Saves a pruned model as a run directory (an earlier one there is replaced), recording its parent
     * and {@code args}; returns the directory.
     */
    public static Path save(YoloModel pruned, Path parent, Map<String, Object> args, Path dir) {
        Workspace.deleteRun(dir);
        Map<String, Object> a = PrunedRun.parentArgs(parent);
        a.put("command", "prune");
        a.putAll(args);
        PrunedRun.save(dir, pruned, a);
        return dir;
    }

    /** Fine-tunes a pruned (or any) run into {@code runDir} (replaced), with live progress. */
    public static TrainOutcome finetune(Path run, Path data, TrainConfig config, Path runDir) {
        Workspace.deleteRun(runDir);
        return DetectionTraining.fromRun(run).data(data).config(config).runDir(runDir).listener(new NotebookProgress())
                .stopWhen(Interrupts::interrupted).build().run();
    }

    /**
     * Trains the architecture of a run (a pruned one: same widths, so the same FLOPs) from random
     * weights into {@code runDir} (replaced): the control pruning must beat.
     */
    public static TrainOutcome trainFromScratch(Path architectureOf, Path data, TrainConfig config, Path runDir) {
        return Slim.train(architectureOf.resolve(YoloModel.MODEL_YAML).toString(), data, config, runDir);
    }

    /**
     * EagleEye on a model: {@code options.candidates()} random sub-networks at the budget, adaptive
     * BatchNorm on training batches, scored on the val split, at {@code img} pixels.
     */
    public static EagleEye.Result eagleEye(YoloModel model, Path data, EagleEye.Options options, int img) {
        DataYaml yaml = DataYaml.load(data);
        NmsConfig nms = model.head().kind() == DetectHead.Kind.ANCHOR_BASED ? NmsConfig.valV5() : NmsConfig.val();
        try (DetLoader calib = DetLoader.builder(DetDataset.load(yaml, "train", false)).imgSize(img).batchSize(16).shuffle(true)
                .seed(options.seed()).workers(0).build();
             DetLoader val = DetLoader.builder(DetDataset.load(yaml, "val", false)).imgSize(img).batchSize(32).workers(0).build()) {
            return EagleEye.search(model, calib, new DetectionValidator(val, yaml.names(), nms), options,
                    NDManager.newBaseManager(), line -> { });
        }
    }

    /**
     * Iterative pruning from {@code run}: {@code steps} rounds of pruning (a total of
     * {@code options.percent()}) and fine-tuning with {@code finetune}, into {@code out} (replaced).
     */
    public static IterativePruning.Result iterative(Path run, Path data, PruneOptions options, int steps, TrainConfig finetune,
                                                    Path out) {
        Workspace.deleteRun(out);
        return IterativePruning.from(run).options(options).steps(steps).finetune(finetune).data(data).out(out)
                .listener(new NotebookProgress()).stopWhen(Interrupts::interrupted).build().run();
    }

    /**
     * Runs side by side (label to run directory): parameters, GFLOPs at {@code img}, mAP50 and mAP50-95
     * on {@code data}, and CPU latency at batch 1 and 16 (median of 5 alternating runs each).
     */
    public static Table compare(Map<String, Path> runs, Path data, int img) {
        StringColumn name = StringColumn.create("run");
        LongColumn params = LongColumn.create("parameters");
        DoubleColumn gflops = DoubleColumn.create("GFLOPs");
        DoubleColumn map50 = DoubleColumn.create("mAP50");
        DoubleColumn map = DoubleColumn.create("mAP50-95");
        DoubleColumn b1 = DoubleColumn.create("ms batch 1");
        DoubleColumn b16 = DoubleColumn.create("ms batch 16");
        List<YoloModel> models = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            runs.forEach((label, run) -> {
                YoloModel model = YoloModel.load(run, m);
                models.add(model);
                ModelSummary s = ModelSummary.of(model, img);
                DetMetrics metrics = evaluate(model, data, img);
                name.append(label);
                params.append(s.parameters());
                gflops.append(Math.round(s.gflops() * 1000) / 1000.0);
                map50.append(Math.round(metrics.map50() * 1e4) / 1e4);
                map.append(Math.round(metrics.map50_95() * 1e4) / 1e4);
            });
            Latency.compare(models, 1, img, 2, 5).forEach(r -> b1.append(Math.round(r.medianMs() * 100) / 100.0));
            Latency.compare(models, 16, img, 1, 5).forEach(r -> b16.append(Math.round(r.medianMs() * 100) / 100.0));
        }
        return Table.create("runs compared", name, params, gflops, map50, map, b1, b16);
    }

}
