package org.slimlab.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slimlab.SlimException;
import org.slimlab.data.Augment;
import org.slimlab.data.DataYaml;
import org.slimlab.model.EqualGflops;
import org.slimlab.model.ModelSpec;
import org.slimlab.train.DetectionTraining;
import org.slimlab.train.RunDir;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainListener;
import org.slimlab.train.TrainOutcome;

/**
 * Trains several model configs on the same data with the same schedule and seed, each into its own run directory
 * under the project folder, then measures them side by side ({@link Comparison}) and saves the table and plots in
 * the project folder. With a reference model, every variant is first width-scaled to the reference's GFLOPs
 * ({@link EqualGflops}); the scaled configs are written to {@code <project>/cfgs/}. Runs trained earlier can join
 * the table ({@link Builder#alongside(Path)}).
 *
 * <pre>{@code
 * ComparisonRunner.Result r = ComparisonRunner.builder(List.of("yolov5n", "yolov5n-ghost"), data)
 *         .config(TrainConfig.of().withEpochs(30).withImgSize(256).withSeed(0))
 *         .equalGflops("yolov5n").project(Path.of("runs/compare")).build().run();
 * System.out.print(r.comparison().text());
 * }</pre>
 */
public final class ComparisonRunner {
    /** Where a compare writes by default. */
    public static final Path DEFAULT_PROJECT = Path.of("runs", "compare");

    private final Builder b;

    private ComparisonRunner(Builder b) {
        this.b = b;
    }

    /** A comparison of {@code cfgs} (yaml files or built-in names) trained on {@code dataYaml}. */
    public static Builder builder(List<String> cfgs, Path dataYaml) {
        return new Builder(cfgs, dataYaml);
    }

    /**
     * One model to train.
     *
     * @param cfg the config as given
     * @param spec the architecture trained (width-scaled in equal-GFLOPs mode), for the dataset's classes
     * @param widthFactor the factor its width multiple was scaled by (1 when not)
     * @param gflops its GFLOPs at 640
     */
    public record Variant(String cfg, ModelSpec spec, double widthFactor, double gflops) {
        /** {@code yolov5n-ghost-w142  x1.420  4.612 GFLOPs}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-28s x%.3f  %.3f GFLOPs", spec.name(), widthFactor, gflops);
        }
    }

    /**
     * What a comparison did.
     *
     * @param variants the models trained, in order
     * @param reference the reference model's name in equal-GFLOPs mode, else null
     * @param referenceGflops its GFLOPs at 640 (NaN without one)
     * @param comparison the measured table (the variants whose training ended)
     * @param csv the saved table
     * @param failed one line per variant whose training failed (diverged, say), left out of the table
     */
    public record Result(List<Variant> variants, String reference, double referenceGflops, Comparison comparison,
            Path csv, List<String> failed) {
    }

    /**
     * The models that {@link #run()} will train: each config for the dataset's classes, width-scaled to the
     * reference's GFLOPs in equal-GFLOPs mode. Nothing is trained or written.
     */
    public List<Variant> plan() {
        int nc = DataYaml.load(b.dataYaml).nc();
        ModelSpec reference = referenceSpec();
        double target = referenceGflops();
        List<Variant> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String cfg : b.cfgs) {
            ModelSpec spec = ModelSpec.load(cfg).withNc(nc);
            Variant v;
            if (reference == null || spec.sameModel(reference)) {
                v = new Variant(cfg, spec, 1.0, EqualGflops.gflops(spec, EqualGflops.IMAGE));
            } else {
                EqualGflops.Match m = EqualGflops.match(spec, target, EqualGflops.IMAGE, b.tolerance);
                v = new Variant(cfg, m.spec(), m.factor(), m.gflops());
            }
            if (!names.add(v.spec().name())) {
                throw new SlimException("compare: model '" + v.spec().name() + "' is listed twice");
            }
            out.add(v);
        }
        return out;
    }

    /** The reference model for the dataset's classes, or null without one. */
    private ModelSpec referenceSpec() {
        return b.reference == null ? null : ModelSpec.load(b.reference).withNc(DataYaml.load(b.dataYaml).nc());
    }

    /** The reference's GFLOPs at 640, NaN without one. */
    private double referenceGflops() {
        ModelSpec reference = referenceSpec();
        return reference == null ? Double.NaN : EqualGflops.gflops(reference, EqualGflops.IMAGE);
    }

    /**
     * Trains every variant in turn, measures them and saves {@link Comparison#CSV} and the plots in the project. A
     * variant whose training fails (a non-finite loss, say) is reported in {@link Result#failed()} and left out, so
     * that one diverging model does not cost the whole comparison; a stop request ends the comparison.
     */
    public Result run() {
        List<Variant> variants = plan();
        double target = referenceGflops();
        if (b.reference != null) {
            b.log.accept(String.format(Locale.ROOT, "equal GFLOPs: %s has %.3f GFLOPs at %d px; widths scaled to match",
                    b.reference, target, EqualGflops.IMAGE));
        }
        List<Path> runs = new ArrayList<>(b.alongside);
        List<Double> factors = new ArrayList<>(Collections.nCopies(b.alongside.size(), 1.0));
        List<String> failed = new ArrayList<>();
        for (Variant v : variants) {
            b.log.accept("training " + v);
            String cfg = v.cfg();
            if (v.widthFactor() != 1.0) {
                Path yaml = b.project.resolve("cfgs").resolve(v.spec().name() + ".yaml");
                v.spec().write(yaml);
                cfg = yaml.toString();
            }
            Path runDir = RunDir.next(b.project, v.spec().name());
            DetectionTraining.Builder t = DetectionTraining.fromConfig(cfg, null).data(b.dataYaml).config(b.config)
                    .workers(b.workers).augment(b.augment).runDir(runDir).log(b.log);
            if (b.listener != null) {
                t.listener(b.listener.get());
            }
            if (b.stopWhen != null) {
                t.stopWhen(b.stopWhen);
            }
            TrainOutcome o;
            try {
                o = t.build().run();
            } catch (SlimException e) {
                failed.add(v.spec().name() + ": " + e.getMessage());
                b.log.accept("left out of the table: " + failed.get(failed.size() - 1));
                continue;
            }
            if (o.result().stopped()) {
                throw new SlimException("compare: training of " + v.spec().name() + " stopped early; nothing compared");
            }
            runs.add(runDir);
            factors.add(v.widthFactor());
        }
        if (runs.isEmpty()) {
            throw new SlimException("compare: no variant finished training (" + String.join("; ", failed) + ")");
        }
        b.log.accept("timing " + runs.size() + " models, batch 1 and 16, at " + b.config.imgSize() + " px");
        Comparison c = Comparison.measure(runs, factors, Comparison.Timing.of(b.config.imgSize(), b.latencyRuns));
        Path csv = c.save(b.project);
        return new Result(variants, b.reference, target, c, csv, List.copyOf(failed));
    }

    /** Options of a comparison. */
    public static final class Builder {
        private final List<String> cfgs;
        private final Path dataYaml;
        private TrainConfig config = TrainConfig.of();
        private Path project = DEFAULT_PROJECT;
        private String reference;
        private double tolerance = EqualGflops.DEFAULT_TOLERANCE;
        private int latencyRuns = Latency.DEFAULT_RUNS;
        private int workers = 2;
        private Augment augment = Augment.defaults();
        private Supplier<TrainListener> listener;
        private BooleanSupplier stopWhen;
        private Consumer<String> log = line -> { };
        private final List<Path> alongside = new ArrayList<>();

        private Builder(List<String> cfgs, Path dataYaml) {
            if (cfgs == null || cfgs.isEmpty()) {
                throw new SlimException("compare: give at least one model config");
            }
            if (dataYaml == null) {
                throw new SlimException("compare: a data yaml is required");
            }
            this.cfgs = List.copyOf(cfgs);
            this.dataYaml = dataYaml;
        }

        /** The schedule every variant trains with (epochs, batch, img, optimizer, lr0, seed, device ...). */
        public Builder config(TrainConfig c) {
            config = c;
            return this;
        }

        /** The folder of the runs, the table and the plots (default {@code runs/compare}). */
        public Builder project(Path dir) {
            project = dir;
            return this;
        }

        /** Width-scales every variant to the GFLOPs of this config (null: train the configs as they are). */
        public Builder equalGflops(String referenceCfg) {
            reference = referenceCfg;
            return this;
        }

        /** Relative GFLOPs gap the width search aims for (default 0.03; at most 0.10 is accepted). */
        public Builder tolerance(double t) {
            if (!(t > 0) || t > EqualGflops.MAX_TOLERANCE) {
                throw new SlimException("compare: the GFLOPs tolerance must be in (0, " + EqualGflops.MAX_TOLERANCE
                        + "], got " + t);
            }
            tolerance = t;
            return this;
        }

        /** Timed rounds per model and batch size (default {@value Latency#DEFAULT_RUNS}). */
        public Builder latencyRuns(int n) {
            if (n < 1) {
                throw new SlimException("compare: latency runs must be at least 1, got " + n);
            }
            latencyRuns = n;
            return this;
        }

        /** Data loading threads per run (default 2; 0 loads on the training thread). */
        public Builder workers(int n) {
            workers = n;
            return this;
        }

        /** Training augmentation (default {@link Augment#defaults()}). */
        public Builder augment(Augment a) {
            augment = a;
            return this;
        }

        /** A fresh progress listener for each run. */
        public Builder listener(Supplier<TrainListener> l) {
            listener = l;
            return this;
        }

        /** A stop condition polled before every batch; a stopped run ends the comparison with an error. */
        public Builder stopWhen(BooleanSupplier s) {
            stopWhen = s;
            return this;
        }

        /**
         * Puts an already trained run (the unscaled baseline of an earlier comparison, say) at the top of the table,
         * measured with the new variants in the same timing session; it is not trained again.
         */
        public Builder alongside(Path run) {
            alongside.add(run);
            return this;
        }

        /** Receives information lines (variants, dataset summaries). */
        public Builder log(Consumer<String> l) {
            log = l;
            return this;
        }

        public ComparisonRunner build() {
            return new ComparisonRunner(this);
        }
    }
}
