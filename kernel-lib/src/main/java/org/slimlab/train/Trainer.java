package org.slimlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.slimlab.SlimException;

/**
 * The training loop of the YOLO family: warm-up and schedule, gradient accumulation to the nominal batch,
 * gradient hooks, extra loss terms, EMA, per-epoch validation, run directory, checkpoints and exact resume.
 *
 * <pre>{@code
 * try (Trainer t = Trainer.builder(detector, data, Path.of("runs/train/exp"))
 *         .config(TrainConfig.of().withEpochs(30).withBatch(16).withImgSize(320))
 *         .validator(validator).listener(new ConsoleProgress()).build()) {
 *     TrainResult r = t.run();
 * }
 * }</pre>
 *
 * <p>One batch: forward ({@code training = true}), detection loss plus extra terms, a check that the loss is
 * finite, backward, gradient hooks; when {@code ni - lastStep >= accumulate}, gradient clipping, an optimizer
 * step and an EMA update. Every epoch ends with validation of the EMA model, a {@code metrics.csv} row,
 * {@code weights/last.params}, {@code weights/best.params} when fitness improved, and {@code weights/last.ckpt}.
 * Extra losses are attached to the initialised model; blocks they train (distillation adapters) are optimised and
 * checkpointed with it but never written into its weights files.
 * Checkpoints are also written mid-epoch ({@code save_period_steps}, {@code save_period_seconds}) and when a
 * stop is requested. Resuming restores weights, EMA, optimizer buffers, pending gradients and counters, and
 * replays the epoch's batches up to where it stopped, so a resumed run ends with the same numbers as an
 * uninterrupted one on the CPU.
 */
public final class Trainer implements AutoCloseable {
    private final TrainableDetector detector;
    private final EpochData data;
    private final RunDir run;
    private final boolean resume;
    private final Validator validator;
    private final List<TrainListener> listeners;
    private final List<GradientHook> hooks;
    private final List<ExtraLoss> extras;
    private final byte[] initialWeights;
    private final BooleanSupplier stopWhen;
    private final int releaseEvery;
    private volatile boolean stopRequested;

    private TrainConfig cfg;
    private NDManager manager;
    private Block model;
    private ModelEma ema;
    private TrainableParams params;
    private GroupedOptimizer optimizer;
    private TrainState state;
    private List<String> lossNames;
    private Map<String, Double> lastRow = Map.of();

    private Trainer(Builder b) {
        detector = b.detector;
        data = b.data;
        run = new RunDir(b.runDir);
        resume = b.resume;
        cfg = b.config;
        validator = b.validator;
        listeners = List.copyOf(b.listeners);
        hooks = List.copyOf(b.hooks);
        extras = List.copyOf(b.extras);
        initialWeights = b.initialWeights;
        stopWhen = b.stopWhen;
        releaseEvery = b.releaseEvery;
    }

    /** Starts a trainer for {@code detector} on {@code data}, writing to {@code runDir}. */
    public static Builder builder(TrainableDetector detector, EpochData data, Path runDir) {
        return new Builder(detector, data, runDir);
    }

    /**
     * Asks the run to stop at the next batch boundary; it writes a checkpoint and returns a result with
     * {@code stopped = true}. Safe to call from any thread. An interrupt of the training thread does the same.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** The run directory. */
    public RunDir runDir() {
        return run;
    }

    /** The EMA model (valid after {@link #run()} until {@link #close()}). */
    public Block emaModel() {
        return ema == null ? null : ema.block();
    }

    /** The trained model itself (valid after {@link #run()} until {@link #close()}). */
    public Block model() {
        return model;
    }

    /**
     * Arrays the trainer holds (model, EMA, optimizer state and anything leaked into them): constant from the
     * first optimizer step on, which makes it a memory check for hooks and extra losses.
     */
    public int liveArrays() {
        return manager == null ? 0 : manager.getManagedArrays().size();
    }

    /** The arguments in force (those of the checkpoint when resuming). */
    public TrainConfig config() {
        return cfg;
    }

    /**
     * Trains until the last epoch, a stop request or an interrupt.
     *
     * @throws SlimException on bad input, or when the loss becomes NaN or infinite (the message names the epoch
     *     and batch; the last checkpoint is kept as it was)
     */
    public TrainResult run() {
        if (manager != null) {
            throw new IllegalStateException("a Trainer runs once; build a new one (with resume) to continue");
        }
        try (GradMode off = GradMode.off()) {
            Checkpoint ck = prepare();
            setUp(ck);
            return loop();
        }
    }

    private Checkpoint prepare() {
        if (resume) {
            Checkpoint ck = Checkpoint.read(run.checkpoint());
            cfg = ArgsYaml.read(ck.argsYaml, run.checkpoint().toString());
            return ck;
        }
        if (Files.exists(run.checkpoint())) {
            throw new SlimException(run.root() + ": already holds a run (weights/last.ckpt); resume it or choose "
                    + "another name");
        }
        cfg = cfg.resolved(detector.head().kind());
        try {
            Files.createDirectories(run.weights());
            Files.deleteIfExists(run.metricsCsv());
            detector.writeYaml(run.modelYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run directory " + run.root(), e);
        }
        return null;
    }

    private void setUp(Checkpoint ck) {
        if (data.batches() < 1) {
            throw new SlimException("training data: no batches");
        }
        if (cfg.epochs() < 1 || cfg.batch() < 1) {
            throw new SlimException("arguments: epochs and batch must be at least 1, got epochs " + cfg.epochs()
                    + ", batch " + cfg.batch());
        }
        if (!(cfg.time() >= 0) || Double.isInfinite(cfg.time())) {
            throw new SlimException("argument 'time': a budget in hours must be 0 (none) or more, got " + cfg.time());
        }
        int maxStride = Arrays.stream(detector.head().strides()).max().orElse(1);
        if (cfg.imgSize() < maxStride || cfg.imgSize() % maxStride != 0) {
            throw new SlimException("argument 'img': " + cfg.imgSize() + " is not a multiple of the largest stride "
                    + maxStride);
        }
        ai.djl.Device device = Devices.of(cfg.device());
        ConvKernels.requireFiniteGradients(device);
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        manager = NDManager.newBaseManager(device);
        Shape input = new Shape(1, 3, cfg.imgSize(), cfg.imgSize());
        model = detector.newBlock();
        model.initialize(manager, DataType.FLOAT32, input);
        if (initialWeights != null && ck == null) {
            Weights.load(model, manager, initialWeights, "initial weights");
        }
        Block average = detector.newBlock();
        average.initialize(manager, DataType.FLOAT32, input);
        Weights.load(average, manager, Weights.toBytes(model), "model copy");
        average.freezeParameters(true);
        extras.forEach(e -> e.attach(model, manager));
        params = TrainableParams.of(model, trainableExtras());
        double wd = Schedule.scaledWeightDecay(cfg);
        optimizer = cfg.optimizer() == TrainConfig.OptimizerKind.SGD
                ? new NesterovSgd(params, wd, cfg.momentum(), manager)
                : new DecoupledAdamW(params, wd, cfg.momentum(), manager);
        ema = new ModelEma(average, model, cfg.emaDecay(), cfg.emaTau());
        lossNames = new ArrayList<>(detector.head().kind() == HeadSpec.Kind.ANCHOR_BASED
                ? List.of("box", "obj", "cls") : List.of("box", "cls", "dfl"));
        extras.forEach(e -> lossNames.add(e.name()));
        state = new TrainState(lossNames.size());
        if (ck != null) {
            restore(ck);
        }
    }

    private void restore(Checkpoint ck) {
        Weights.load(model, manager, ck.model, run.checkpoint().toString());
        Weights.load(ema.block(), manager, ck.ema, run.checkpoint().toString());
        ema.block().freezeParameters(true);
        ema.setUpdates(ck.emaUpdates);
        try {
            optimizer.load(new DataInputStream(new ByteArrayInputStream(ck.optimizer)));
        } catch (IOException e) {
            throw new SlimException(run.checkpoint() + ": optimizer state unreadable (" + e.getMessage() + ")", e);
        }
        if (ck.state.lossSums.length != lossNames.size()) {
            throw new SlimException(run.checkpoint() + ": checkpoint logs " + ck.state.lossSums.length
                    + " loss parts, this run " + lossNames.size());
        }
        state = ck.state;
        trainableExtras().forEach((name, block) -> {
            byte[] w = ck.extras.get(name);
            if (w == null) {
                throw new SlimException(run.checkpoint() + ": checkpoint holds no trained weights for the term '" + name
                        + "'");
            }
            Weights.load(block, manager, w, run.checkpoint() + " (" + name + ")");
        });
        restoreGradients(ck.gradients);
    }

    /** The blocks extra losses train beside the model, by term name. */
    private Map<String, Block> trainableExtras() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        for (ExtraLoss e : extras) {
            if (e.trainable() != null) {
                blocks.put(e.name(), e.trainable());
            }
        }
        return blocks;
    }

    /** Puts pending gradients back exactly: the gradient of {@code sum(g * w)} with respect to {@code w} is {@code g}. */
    private void restoreGradients(Map<String, byte[]> grads) {
        if (grads.isEmpty()) {
            return;
        }
        try (NDManager scope = manager.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            for (TrainableParams.Entry e : params.entries()) {
                byte[] g = grads.get(e.name());
                if (g != null) {
                    NDArray term = NDArray.decode(scope, g).mul(e.parameter().getArray()).sum();
                    total = total == null ? term : total.add(term);
                }
            }
            if (total != null) {
                gc.backward(total);
            }
        }
    }

    private TrainResult loop() {
        AtomicFiles.write(run.argsYaml(), ArgsYaml.write(cfg));
        int nb = data.batches();
        int epochs = cfg.epochs();
        Schedule schedule = new Schedule(cfg, nb);
        DetectionLoss loss = DetectionLoss.forHead(detector.head(), LossConfig.of(detector.head(), cfg));
        ParameterStore ps = new ParameterStore(manager, false);
        GradientAccess access = new GradientAccess(params);
        MetricsCsv csv = new MetricsCsv(run.metricsCsv());
        csv.keepThrough(state.epoch);
        TrainPlan plan = new TrainPlan(run.root(), epochs, nb, state.epoch, state.batch, List.copyOf(lossNames));
        listeners.forEach(l -> l.onStart(plan));
        long lastSave = System.nanoTime();
        double[] lrs = new double[ParamGroup.values().length];
        while (state.epoch < epochs) {
            int epoch = state.epoch;
            long epochStart = System.nanoTime();
            double secondsBefore = state.epochSeconds;
            Iterator<TrainBatch> it = data.epoch(epoch, epochs);
            for (int skip = 0; skip < state.batch; skip++) {
                next(it, epoch, skip, nb);
            }
            int done = 0;
            for (int i = state.batch; i < nb; i++) {
                if (stopping()) {
                    state.epochSeconds = secondsBefore + seconds(epochStart);
                    return stop();
                }
                TrainBatch b = next(it, epoch, i, nb);
                long ni = i + (long) nb * epoch;
                StepInfo info = new StepInfo(epoch, epochs, i, nb, ni);
                for (ParamGroup g : ParamGroup.values()) {
                    lrs[g.ordinal()] = schedule.learningRate(g, ni, epoch);
                    optimizer.setLearningRate(g, lrs[g.ordinal()]);
                }
                if (cfg.optimizer() == TrainConfig.OptimizerKind.SGD) {
                    optimizer.setMomentum(schedule.momentum(ni));
                }
                Engine.getInstance().setRandomSeed(stepSeed(ni));
                float[] parts = step(b, loss, ps, info);
                hooks.forEach(h -> h.afterBackward(access, info));
                state.pending++;
                boolean stepped = false;
                if (ni - state.lastOptStep >= schedule.accumulate(ni)) {
                    if (cfg.maxGradNorm() > 0) {
                        GradientClip.clipNorm(params, cfg.maxGradNorm());
                    }
                    optimizer.step(params);
                    ema.update();
                    state.lastOptStep = ni;
                    state.pending = 0;
                    stepped = true;
                }
                state.addLoss(parts);
                state.batch = i + 1;
                if (releaseEvery > 0 && (ni + 1) % releaseEvery == 0) {
                    NativeMemory.release();
                }
                done++;
                StepReport report = new StepReport(info, List.copyOf(lossNames), state.meanLoss(),
                        lrs[ParamGroup.WEIGHT.ordinal()], seconds(epochStart), done, b.targets().length, Math.max(b.h(), b.w()));
                listeners.forEach(l -> l.onStep(report));
                if (stepped && i + 1 < nb && saveDue(lastSave)) {
                    state.epochSeconds = secondsBefore + seconds(epochStart);
                    saveCheckpoint();
                    lastSave = System.nanoTime();
                }
            }
            state.epochSeconds = secondsBefore + seconds(epochStart);
            endEpoch(epoch, csv, lrs);
            // jemalloc, which never decays pages here, kept growing across epochs of pruned models
            // (1.8 to 5.8 GB in 9 epochs); a purge per epoch costs one step's page faults
            NativeMemory.release();
            lastSave = System.nanoTime();
            if (cfg.epochs() != epochs) {
                epochs = cfg.epochs();
                schedule = new Schedule(cfg, nb);
            }
        }
        TrainResult result = result(false);
        listeners.forEach(l -> l.onFinish(result));
        return result;
    }

    private TrainBatch next(Iterator<TrainBatch> it, int epoch, int index, int nb) {
        if (!it.hasNext()) {
            throw new SlimException("training data: epoch " + epoch + " ended after " + index + " batches, expected " + nb);
        }
        TrainBatch b = it.next();
        if (b.images().length != b.n() * 3 * b.h() * b.w()) {
            throw new SlimException("training data: batch " + index + " of epoch " + epoch + " holds "
                    + b.images().length + " values, expected " + b.n() + "x3x" + b.h() + "x" + b.w());
        }
        return b;
    }

    /** Forward, loss, finiteness check and backward of one batch; returns the logged loss parts. */
    private float[] step(TrainBatch b, DetectionLoss loss, ParameterStore ps, StepInfo info) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(b.images(), new Shape(b.n(), 3, b.h(), b.w()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = model.forward(ps, new NDList(x), true);
                LossOutput lo = loss.compute(out, b.targets(), b.h(), b.w());
                float[] parts = new float[lossNames.size()];
                System.arraycopy(lo.parts(), 0, parts, 0, lo.parts().length);
                NDArray total = lo.total();
                for (int k = 0; k < extras.size(); k++) {
                    NDArray term = extras.get(k).compute(x, out, b, info);
                    parts[lo.parts().length + k] = term.getFloat();
                    total = total.add(term.mul((float) b.n()));
                }
                float value = total.getFloat();
                if (!Float.isFinite(value)) {
                    throw diverged(info, parts, value);
                }
                gc.backward(total);
                return parts;
            }
        }
    }

    private SlimException diverged(StepInfo info, float[] parts, float value) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(lossNames.get(k)).append(' ').append(parts[k]);
        }
        TrainResult r = result(true);
        listeners.forEach(l -> l.onFinish(r));
        String kept = Files.exists(run.checkpoint()) ? "last good checkpoint kept: " + run.checkpoint()
                : "no checkpoint written yet";
        return new SlimException(String.format(Locale.ROOT, "loss is %s at epoch %d/%d, batch %d/%d (%s); training "
                + "stopped, %s", Float.isNaN(value) ? "NaN" : "infinite", info.epoch() + 1, info.epochs(),
                info.batch() + 1, info.batches(), sb, kept) + ConvKernels.divergenceHint(manager.getDevice()));
    }

    private void endEpoch(int epoch, MetricsCsv csv, double[] lrs) {
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("epoch", (double) (epoch + 1));
        float[] mean = state.meanLoss();
        int parts = lossNames.size() - extras.size();
        for (int k = 0; k < lossNames.size(); k++) {
            row.put(k < parts ? "train/" + lossNames.get(k) + "_loss" : "train/" + lossNames.get(k), (double) mean[k]);
        }
        state.trainSeconds += state.epochSeconds;
        if (!cfg.val()) {
            replan(epoch + 1); // without per-epoch validation, the plan says whether this epoch is the last
        }
        long validationStart = System.nanoTime();
        Validation v = validator == null || !cfg.val() && epoch + 1 < cfg.epochs() ? null
                : validator.validate(ema.block(), epoch);
        state.trainSeconds += seconds(validationStart);
        if (v != null) {
            row.putAll(v.metrics());
        } else if (validator != null) {
            validator.metricNames().forEach(name -> row.put(name, Double.NaN)); // the columns stay
        }
        for (ParamGroup g : ParamGroup.values()) {
            row.put("lr/pg" + g.ordinal(), lrs[g.ordinal()]);
        }
        row.put("time", state.epochSeconds);
        csv.append(row);
        Weights.write(ema.block(), run.lastWeights());
        double fitness = v == null ? Double.NaN : v.fitness();
        if (v == null || fitness >= state.bestFitness || Double.isNaN(state.bestFitness)) {
            state.bestFitness = fitness;
            state.bestEpoch = epoch;
            Weights.write(ema.block(), run.bestWeights());
        }
        if (cfg.val()) {
            replan(epoch + 1);
        }
        state.startEpoch(epoch + 1);
        saveCheckpoint();
        lastRow = Collections.unmodifiableMap(row);
        listeners.forEach(l -> l.onEpochEnd(epoch, lastRow));
    }

    /**
     * With a time budget, sets {@code epochs} to the epochs that fit in it after {@code done} epochs and records
     * the new plan in {@code args.yaml}; the caller rebuilds the schedule from it.
     */
    private void replan(int done) {
        if (cfg.time() <= 0) {
            return;
        }
        int planned = plannedEpochs(done, state.trainSeconds, cfg.time() * 3600);
        if (planned != cfg.epochs()) {
            cfg = cfg.withEpochs(planned);
            AtomicFiles.write(run.argsYaml(), ArgsYaml.write(cfg));
        }
    }

    /**
     * The epochs a time budget allows: the {@code done} ones, which took {@code elapsed} seconds, plus as many more
     * as fit in what is left at their mean time (none when the budget is spent).
     */
    static int plannedEpochs(int done, double elapsed, double budgetSeconds) {
        if (done < 1 || elapsed <= 0) {
            throw new IllegalArgumentException("plannedEpochs needs a finished epoch, got " + done + " in " + elapsed + " s");
        }
        double more = Math.floor((budgetSeconds - elapsed) / (elapsed / done));
        return done + (int) Math.max(0, Math.min(more, 1_000_000));
    }

    private boolean stopping() {
        return stopRequested || Thread.currentThread().isInterrupted()
                || stopWhen != null && stopWhen.getAsBoolean();
    }

    private TrainResult stop() {
        boolean interrupted = Thread.interrupted();
        try {
            saveCheckpoint();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        TrainResult r = result(true);
        listeners.forEach(l -> l.onFinish(r));
        return r;
    }

    private TrainResult result(boolean stopped) {
        return new TrainResult(run.root(), state.epoch, state.bestEpoch, state.bestFitness, lastRow, stopped);
    }

    private boolean saveDue(long lastSave) {
        return cfg.savePeriodSteps() > 0 && optimizer.steps() % cfg.savePeriodSteps() == 0
                || cfg.savePeriodSeconds() > 0 && seconds(lastSave) >= cfg.savePeriodSeconds();
    }

    private void saveCheckpoint() {
        ByteArrayOutputStream opt = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(opt)) {
            optimizer.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> grads = new LinkedHashMap<>();
        if (state.pending > 0) {
            for (TrainableParams.Entry e : params.entries()) {
                NDArray w = e.parameter().getArray();
                try (NDManager scope = NDManager.subManagerOf(w)) {
                    scope.tempAttachAll(w);
                    NDArray g = JniUtils.getGradient((PtNDArray) w);
                    if (g != null) {
                        grads.put(e.name(), g.encode());
                    }
                }
            }
        }
        Map<String, byte[]> extraWeights = new LinkedHashMap<>();
        trainableExtras().forEach((name, block) -> extraWeights.put(name, Weights.toBytes(block)));
        new Checkpoint(ArgsYaml.write(cfg), state, ema.updates(), Weights.toBytes(model), Weights.toBytes(ema.block()),
                opt.toByteArray(), grads, extraWeights).write(run.checkpoint());
    }

    private int stepSeed(long ni) {
        return new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + ni).nextInt();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Releases the model, EMA and optimizer state. */
    @Override
    public void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        private final TrainableDetector detector;
        private final EpochData data;
        private final Path runDir;
        private TrainConfig config = TrainConfig.of();
        private boolean resume;
        private Validator validator;
        private final List<TrainListener> listeners = new ArrayList<>();
        private final List<GradientHook> hooks = new ArrayList<>();
        private final List<ExtraLoss> extras = new ArrayList<>();
        private byte[] initialWeights;
        private BooleanSupplier stopWhen;
        private int releaseEvery;

        private Builder(TrainableDetector detector, EpochData data, Path runDir) {
            this.detector = detector;
            this.data = data;
            this.runDir = runDir;
        }

        /** The arguments of a new run (ignored on resume: the checkpoint's arguments apply). */
        public Builder config(TrainConfig c) {
            config = c;
            return this;
        }

        /** Continue the run in the run directory from {@code weights/last.ckpt}. */
        public Builder resume(boolean on) {
            resume = on;
            return this;
        }

        public Builder validator(Validator v) {
            validator = v;
            return this;
        }

        public Builder listener(TrainListener l) {
            listeners.add(l);
            return this;
        }

        public Builder gradientHook(GradientHook h) {
            hooks.add(h);
            return this;
        }

        public Builder extraLoss(ExtraLoss e) {
            extras.add(e);
            return this;
        }

        /** Starting weights in DJL parameter format (fine-tuning a pruned or pretrained run). */
        public Builder initialWeights(byte[] params) {
            initialWeights = params.clone();
            return this;
        }

        /** An extra stop condition polled before every batch (e.g. a notebook's interrupt flag). */
        public Builder stopWhen(BooleanSupplier s) {
            stopWhen = s;
            return this;
        }

        /**
         * Purges the allocator's unused pages every {@code batches} batches ({@link NativeMemory#release()}; 0: only
         * when the owner asks). For allocation patterns that jemalloc, which never decays pages here, fails to
         * reuse: feature distillation's grew the process by about 60 MB per step.
         */
        public Builder releaseNativeMemoryEvery(int batches) {
            releaseEvery = Math.max(0, batches);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
