package org.slimlab.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slimlab.SlimException;
import org.slimlab.data.Augment;
import org.slimlab.data.DataYaml;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.eval.DetMetrics;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

/**
 * A detection training run as a user names it: a model (a config, or a trained run to fine-tune), a data yaml and
 * the arguments; or an interrupted run to resume. It checks and loads the data, builds the loaders (training
 * batches shuffled and augmented on background threads, validation batches plain), the validator and the
 * {@link Trainer}, trains, then validates the best weights. {@code slim train} and the notebooks run this.
 *
 * <pre>{@code
 * TrainOutcome o = DetectionTraining.fromConfig("yolov5n", null)
 *         .data(Path.of("data/fashion-det.yaml"))
 *         .config(TrainConfig.of().withEpochs(10).withBatch(16).withImgSize(256))
 *         .runDir(Path.of("runs/train/exp"))
 *         .listener(new ConsoleProgress())
 *         .build().run();
 * }</pre>
 *
 * <p>Besides the trainer's arguments, {@code args.yaml} records {@code model} and {@code scale} (or {@code weights},
 * the run fine-tuned from), {@code data} (absolute), {@code workers}, {@code skip_bad}, {@code close_mosaic}, the
 * augmentation under Ultralytics' keys and every {@link TrainExtension}'s arguments: a resume needs nothing else.
 * A config's {@code nc} is set to the dataset's; a trained run must already detect the dataset's classes.
 */
public final class DetectionTraining {
    /** Fine-tuning a trained run starts at this fraction of the optimizer's default initial learning rate. */
    public static final double FINETUNE_LR_FACTOR = 0.1;

    private final Builder b;

    private DetectionTraining(Builder b) {
        this.b = b;
    }

    /** A new run of the architecture {@code cfg} (a yaml file or built-in name), at {@code scale} (may be null). */
    public static Builder fromConfig(String cfg, String scale) {
        Builder b = new Builder();
        b.cfg = cfg;
        b.scale = scale;
        return b;
    }

    /**
     * A new run starting from the architecture and best weights of a trained (or pruned) run: fine-tuning. Unless
     * the config sets {@code lr0}, it is {@value #FINETUNE_LR_FACTOR} times the optimizer's default.
     */
    public static Builder fromRun(Path run) {
        Builder b = new Builder();
        b.weights = run;
        return b;
    }

    /** Continues the interrupted run in {@code runDir} exactly: everything comes from its checkpoint and args. */
    public static Builder resume(Path runDir) {
        Builder b = new Builder();
        b.runDir = runDir;
        b.resume = true;
        return b;
    }

    /** What the run will train: the architecture, the resolved arguments and the starting weights (new runs). */
    private record Setup(YoloDetector detector, TrainConfig config, Path dataYaml, byte[] initialWeights) {
    }

    /**
     * Trains to the end (or a stop), then validates the best weights (not after a stop, which should end soon).
     * Finally gives the native memory the allocator kept for reuse back to the system ({@link NativeMemory}), so
     * that a process training one model after another does not grow with each.
     *
     * @throws SlimException on bad input (data, model, arguments), naming the file or argument at fault
     */
    public TrainOutcome run() {
        if (b.runDir == null) {
            throw new SlimException("training: no run directory given");
        }
        Setup s = b.resume ? resumed() : fresh();
        TrainConfig c = s.config();
        Devices.of(c.device());
        boolean skipBad = flag(c, "skip_bad");
        int workers = integer(c, "workers");
        int closeMosaic = integer(c, "close_mosaic");
        Augment augment = Augment.fromMap(c.toMap(), Augment.none());
        DataYaml yaml = DataYaml.load(s.dataYaml());
        DetDataset trainSet = loadSplit(yaml, "train", skipBad);
        DetDataset valSet = loadSplit(yaml, "val", skipBad);
        try (DetLoader train = DetLoader.builder(trainSet).imgSize(c.imgSize()).batchSize(c.batch()).shuffle(true)
                .augment(augment).workers(workers).seed(c.seed()).build();
                DetLoader val = DetLoader.builder(valSet).imgSize(c.imgSize()).batchSize(2 * c.batch())
                        .workers(workers).build()) {
            DetectionValidator validator = new DetectionValidator(val, yaml.names(),
                    DetectionValidator.nmsFor(s.detector().head().kind()));
            TimedValidator timed = new TimedValidator(validator);
            ImageCounter counter = new ImageCounter(trainSet.size(), c.batch());
            Trainer.Builder tb = Trainer.builder(s.detector(), epochs(train, augment, closeMosaic),
                    b.runDir).config(c).resume(b.resume).validator(timed).listener(counter);
            b.listeners.forEach(tb::listener);
            b.extensions.forEach(e -> e.configure(tb, c, s.detector()));
            if (s.initialWeights() != null) {
                tb.initialWeights(s.initialWeights());
            }
            if (b.stopWhen != null) {
                tb.stopWhen(b.stopWhen);
            }
            long start = System.nanoTime();
            TrainResult result;
            try (Trainer t = tb.build()) {
                result = t.run();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            DetMetrics best = result.stopped() ? null : validateBest(validator, c);
            return new TrainOutcome(result, best, wall, timed.seconds, counter.images);
        } finally {
            // the pages this model's tensors used stay with jemalloc otherwise (NativeMemory)
            NativeMemory.release();
        }
    }

    private Setup fresh() {
        if (b.dataYaml == null) {
            throw new SlimException("training: no data yaml given");
        }
        DataYaml data = DataYaml.load(b.dataYaml);
        TrainConfig c = b.config;
        YoloDetector detector;
        byte[] initial = null;
        if (b.weights != null) {
            ModelSpec spec = ModelSpec.loadRun(b.weights);
            if (spec.nc() != data.nc()) {
                throw new SlimException(b.weights + ": the model detects " + spec.nc() + " classes but " + data.file()
                        + " has " + data.nc());
            }
            detector = new YoloDetector(spec);
            initial = readWeights(b.weights);
            if (c.toMap().get("lr0") == null) {
                c = c.withLr0(FINETUNE_LR_FACTOR * c.lr0());
            }
            c = c.with("weights", absolute(b.weights));
        } else {
            ModelSpec spec = ModelSpec.load(b.cfg, b.scale);
            if (spec.nc() != data.nc()) {
                b.log.accept("overriding nc=" + spec.nc() + " of " + spec.name() + " with nc=" + data.nc() + " of "
                        + data.file().getFileName());
                spec = spec.withNc(data.nc());
            }
            detector = new YoloDetector(spec);
            c = c.with("model", b.cfg);
            if (b.scale != null) {
                c = c.with("scale", b.scale);
            }
        }
        c = c.with("data", absolute(b.dataYaml)).with("workers", b.workers).with("skip_bad", b.skipBad)
                .with("close_mosaic", b.closeMosaic);
        for (Map.Entry<String, Object> e : b.augment.toMap().entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        for (TrainExtension x : b.extensions) {
            for (Map.Entry<String, Object> e : x.args().entrySet()) {
                c = c.with(e.getKey(), e.getValue());
            }
        }
        return new Setup(detector, c, b.dataYaml, initial);
    }

    private Setup resumed() {
        RunDir run = new RunDir(b.runDir);
        if (!Files.isRegularFile(run.checkpoint())) {
            throw new SlimException(b.runDir + ": nothing to resume (no weights/last.ckpt)");
        }
        TrainConfig c = TrainConfig.load(run.argsYaml());
        Object data = c.toMap().get("data");
        if (!(data instanceof String d)) {
            throw new SlimException(run.argsYaml() + ": no 'data' argument, so the run cannot be resumed here");
        }
        return new Setup(new YoloDetector(ModelSpec.loadRun(b.runDir)), c, Path.of(d), null);
    }

    private DetDataset loadSplit(DataYaml yaml, String split, boolean skipBad) {
        DetDataset d = DetDataset.load(yaml, split, skipBad);
        b.log.accept(d.toString());
        d.skipped().forEach(s -> b.log.accept("  skipped " + s.reason()));
        return d;
    }

    /**
     * The loader's epochs, with mosaic off for the last {@code closeMosaic} epochs of the current plan (Ultralytics'
     * close_mosaic).
     */
    private static EpochData epochs(DetLoader loader, Augment augment, int closeMosaic) {
        EpochData base = LoaderData.of(loader);
        return new EpochData() {
            @Override
            public int batches() {
                return base.batches();
            }

            @Override
            public Iterator<TrainBatch> epoch(int epoch) {
                throw new IllegalStateException("close_mosaic needs the planned epochs: call epoch(epoch, epochs)");
            }

            @Override
            public Iterator<TrainBatch> epoch(int epoch, int epochs) {
                loader.setAugment(epoch >= epochs - closeMosaic ? augment.withMosaic(0) : augment);
                return base.epoch(epoch);
            }
        };
    }

    private DetMetrics validateBest(DetectionValidator validator, TrainConfig c) {
        RunDir run = new RunDir(b.runDir);
        if (!Files.isRegularFile(run.bestWeights())) {
            return null;
        }
        b.log.accept("validating " + run.bestWeights());
        try (GradMode off = GradMode.off(); NDManager m = NDManager.newBaseManager(Devices.of(c.device()))) {
            validator.validate(YoloModel.load(b.runDir, m), -1);
        }
        return validator.lastMetrics();
    }

    private static byte[] readWeights(Path run) {
        Path file = YoloModel.weightsOf(run);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SlimException(file + ": cannot read weights (" + e.getMessage() + ")", e);
        }
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private static boolean flag(TrainConfig c, String key) {
        return Boolean.TRUE.equals(c.toMap().get(key));
    }

    private static int integer(TrainConfig c, String key) {
        Object v = c.toMap().get(key);
        if (!(v instanceof Number n)) {
            throw new SlimException("argument '" + key + "' must be a number, got '" + v + "'");
        }
        return n.intValue();
    }

    /** Sums the time spent validating after epochs. */
    private static final class TimedValidator implements Validator {
        private final Validator inner;
        private double seconds;

        TimedValidator(Validator inner) {
            this.inner = inner;
        }

        @Override
        public Validation validate(ai.djl.nn.Block model, int epoch) {
            long t0 = System.nanoTime();
            try {
                return inner.validate(model, epoch);
            } finally {
                seconds += (System.nanoTime() - t0) / 1e9;
            }
        }

        @Override
        public List<String> metricNames() {
            return inner.metricNames();
        }
    }

    /** Counts the training images this session trains on. */
    private static final class ImageCounter implements TrainListener {
        private final int size;
        private final int batch;
        private long images;

        ImageCounter(int size, int batch) {
            this.size = size;
            this.batch = batch;
        }

        @Override
        public void onStep(StepReport r) {
            images += Math.min(batch, size - (long) r.step().batch() * batch);
        }
    }

    /** Options of a {@link DetectionTraining}; on resume only listeners, extensions, stop and log apply. */
    public static final class Builder {
        private String cfg;
        private String scale;
        private Path weights;
        private boolean resume;
        private Path runDir;
        private Path dataYaml;
        private TrainConfig config = TrainConfig.of();
        private int workers = 2;
        private boolean skipBad;
        private Augment augment = Augment.defaults();
        private int closeMosaic;
        private final List<TrainListener> listeners = new ArrayList<>();
        private final List<TrainExtension> extensions = new ArrayList<>();
        private BooleanSupplier stopWhen;
        private Consumer<String> log = line -> { };

        private Builder() {
        }

        /** The Ultralytics data yaml. */
        public Builder data(Path yaml) {
            dataYaml = yaml;
            return this;
        }

        /** The trainer's arguments (epochs, batch, img, optimizer, lr0, seed, device ...). */
        public Builder config(TrainConfig c) {
            config = c;
            return this;
        }

        /** The run directory to write (a new run) or to continue (resume). */
        public Builder runDir(Path dir) {
            if (!resume) {
                runDir = dir;
            }
            return this;
        }

        /** Background threads building batches (default 2; 0 builds them on the training thread). */
        public Builder workers(int n) {
            workers = n;
            return this;
        }

        /** Leave bad images out (each one is logged) instead of stopping at the first. */
        public Builder skipBad(boolean on) {
            skipBad = on;
            return this;
        }

        /** Training augmentation (default {@link Augment#defaults()}; {@link Augment#none()} switches it off). */
        public Builder augment(Augment a) {
            augment = a;
            return this;
        }

        /** Train the last {@code epochs} epochs without mosaic (default 0). */
        public Builder closeMosaic(int epochs) {
            if (epochs < 0) {
                throw new SlimException("argument 'close_mosaic': must be 0 or more, got " + epochs);
            }
            closeMosaic = epochs;
            return this;
        }

        public Builder listener(TrainListener l) {
            listeners.add(l);
            return this;
        }

        public Builder extension(TrainExtension e) {
            extensions.add(e);
            return this;
        }

        /** An extra stop condition polled before every batch (e.g. a notebook's interrupt flag). */
        public Builder stopWhen(BooleanSupplier s) {
            stopWhen = s;
            return this;
        }

        /** Receives information lines: dataset summaries, skipped images, overrides. */
        public Builder log(Consumer<String> l) {
            log = l;
            return this;
        }

        public DetectionTraining build() {
            return new DetectionTraining(this);
        }
    }
}
