package org.slimlab.slim;

import ai.djl.ndarray.NDManager;
import org.slimlab.SlimException;
import org.slimlab.eval.DetMetrics;
import org.slimlab.model.YoloModel;
import org.slimlab.train.DetectionTraining;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainListener;
import org.slimlab.train.TrainOutcome;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Iterative pruning (Torch-Pruning's {@code iterative_steps}, Network Slimming's multi-pass): k
 * rounds of pruning a share of the channels and fine-tuning briefly, so the network adapts between
 * cuts. Each round removes {@code 1 − (1 − p)^(1/k)} of the current model's prunable channels, so
 * the k rounds together remove p of them (floors and {@code round_to} aside).
 *
 * <p>Every round leaves two run directories in the output folder: {@code stepI-pruned} (the pruned
 * model before fine-tuning) and {@code stepI} (fine-tuned from it, the next round's parent); the last
 * {@code stepK} is the result and reloads on its own like any run. {@value #CSV} lists the rounds.
 *
 * <pre>{@code
 * IterativePruning.Result r = IterativePruning.from(run)
 *         .options(PruneOptions.percent(50)).steps(3)
 *         .finetune(TrainConfig.of().withEpochs(2).withBatch(16).withImgSize(256))
 *         .data(dataYaml).out(Path.of("runs/prune/iterative")).build().run();
 * }</pre>
 */
public final class IterativePruning {
    /** The rounds' table in the output folder. */
    public static final String CSV = "iterative.csv";

    /**
     * One round.
     *
     * @param step round number, from 1
     * @param percent share of the then-prunable channels this round removed, in percent
     * @param pruned the pruned run before fine-tuning
     * @param finetuned the fine-tuned run
     * @param parameters parameters after the round
     * @param gflops GFLOPs after the round, at the fine-tuning image size
     * @param map50 mAP50 of the fine-tuned run's best weights (NaN when it stopped early)
     * @param map5095 mAP50-95 of the same
     */
    public record Step(int step, double percent, Path pruned, Path finetuned, long parameters, double gflops, double map50,
                       double map5095) {
    }

    /** The rounds in order; {@link #last()} is the result. */
    public record Result(List<Step> steps) {
        /** The last fine-tuned run. */
        public Path last() {
            return steps.get(steps.size() - 1).finetuned();
        }

        /** One line per round. */
        public Table table() {
            return Table.create("iterative pruning",
                    IntColumn.create("step", steps.stream().mapToInt(Step::step).toArray()),
                    DoubleColumn.create("percent", steps.stream().mapToDouble(s -> round(s.percent())).toArray()),
                    LongColumn.create("parameters", steps.stream().mapToLong(Step::parameters).toArray()),
                    DoubleColumn.create("GFLOPs", steps.stream().mapToDouble(s -> round(s.gflops())).toArray()),
                    DoubleColumn.create("mAP50", steps.stream().mapToDouble(s -> round(s.map50())).toArray()),
                    DoubleColumn.create("mAP50-95", steps.stream().mapToDouble(s -> round(s.map5095())).toArray()),
                    StringColumn.create("run", steps.stream().map(s -> s.finetuned().toString()).toList()));
        }
    }

    private final Builder b;

    private IterativePruning(Builder b) {
        this.b = b;
    }

    /** Rounds starting from a trained run directory. */
    public static Builder from(Path run) {
        Builder b = new Builder();
        b.parent = run;
        return b;
    }

    /** The share each round removes, in percent, for a total of {@code percent} over {@code steps} rounds. */
    public static double stepPercent(double percent, int steps) {
        return 100 * (1 - Math.pow(1 - percent / 100, 1.0 / steps));
    }

    /** Runs every round. */
    public Result run() {
        if (b.data == null || b.out == null || b.options == null || b.finetune == null) {
            throw new SlimException("iterative pruning needs a data yaml, an output folder, pruning options and a fine-tuning config");
        }
        if (b.steps < 1) {
            throw new SlimException("prune: --steps must be at least 1, got " + b.steps);
        }
        if (b.finetune.epochs() < 1) {
            throw new SlimException("prune: --finetune-epochs must be at least 1, got " + b.finetune.epochs());
        }
        double each = stepPercent(b.options.percent(), b.steps);
        List<Step> steps = new ArrayList<>();
        Path current = b.parent;
        for (int i = 1; i <= b.steps; i++) {
            Path pruned = b.out.resolve("step" + i + "-pruned");
            Path tuned = b.out.resolve("step" + i);
            if (Files.exists(tuned)) {
                throw new SlimException(tuned + " already exists; choose another --out");
            }
            b.log.accept(String.format(Locale.ROOT, "step %d/%d: pruning %.2f%% of %s", i, b.steps, each, current));
            long params;
            double gflops;
            try (NDManager manager = NDManager.newBaseManager()) {
                YoloModel model = YoloModel.load(current, manager);
                PrunePlan plan = Pruner.plan(model, b.options.withPercent(each));
                YoloModel small = Pruner.apply(model, plan, manager);
                PruneReport report = PruneReport.of(model, small, b.finetune.imgSize());
                Map<String, Object> args = PrunedRun.parentArgs(current);
                args.put("command", "prune");
                args.put("step", i);
                args.put("steps", b.steps);
                args.putAll(plan.options().toMap());
                args.put("prunable_channels", plan.prunableChannels());
                args.put("removed_channels", plan.removedChannels());
                args.putAll(report.figures());
                PrunedRun.save(pruned, small, args);
                report.save(pruned);
                params = report.parametersAfter();
                gflops = report.gflopsAfter();
                b.log.accept(report.text().stripTrailing());
            }
            DetectionTraining.Builder t = DetectionTraining.fromRun(pruned).data(b.data).config(b.finetune).runDir(tuned)
                    .workers(b.workers).log(b.log);
            b.listeners.forEach(t::listener);
            if (b.stopWhen != null) {
                t.stopWhen(b.stopWhen);
            }
            TrainOutcome o = t.build().run();
            DetMetrics best = o.best();
            steps.add(new Step(i, each, pruned, tuned, params, gflops, best == null ? Double.NaN : best.map50(),
                    best == null ? Double.NaN : best.map50_95()));
            writeCsv(new Result(steps));
            if (o.result().stopped()) {
                break;
            }
            current = tuned;
        }
        return new Result(List.copyOf(steps));
    }

    private void writeCsv(Result r) {
        try {
            Files.createDirectories(b.out);
            r.table().write().csv(b.out.resolve(CSV).toString());
        } catch (IOException e) {
            throw new SlimException("cannot write " + b.out.resolve(CSV) + ": " + e.getMessage(), e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** Options of an {@link IterativePruning}. */
    public static final class Builder {
        private Path parent;
        private PruneOptions options;
        private int steps = 3;
        private TrainConfig finetune;
        private Path data;
        private Path out;
        private int workers = 2;
        private final List<TrainListener> listeners = new ArrayList<>();
        private BooleanSupplier stopWhen;
        private Consumer<String> log = line -> { };

        private Builder() {
        }

        /** How to prune; its percent is the total over all rounds. */
        public Builder options(PruneOptions o) {
            options = o;
            return this;
        }

        /** Number of rounds (default 3). */
        public Builder steps(int k) {
            steps = k;
            return this;
        }

        /** The fine-tuning of each round (epochs, batch, image size ...); lr0 defaults to 0.1× as for any fine-tuning. */
        public Builder finetune(TrainConfig c) {
            finetune = c;
            return this;
        }

        /** The data yaml fine-tuning trains and validates on. */
        public Builder data(Path yaml) {
            data = yaml;
            return this;
        }

        /** The folder the rounds' run directories go to. */
        public Builder out(Path dir) {
            out = dir;
            return this;
        }

        /** Background threads building batches (default 2). */
        public Builder workers(int n) {
            workers = n;
            return this;
        }

        /** Receives every fine-tuning's progress. */
        public Builder listener(TrainListener l) {
            listeners.add(l);
            return this;
        }

        /** Stops the current fine-tuning (and the rounds) when it turns true. */
        public Builder stopWhen(BooleanSupplier s) {
            stopWhen = s;
            return this;
        }

        /** Receives information lines. */
        public Builder log(Consumer<String> l) {
            log = l;
            return this;
        }

        public IterativePruning build() {
            return new IterativePruning(this);
        }
    }
}
