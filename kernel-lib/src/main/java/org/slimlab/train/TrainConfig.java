package org.slimlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slimlab.SlimException;

/**
 * Every training argument, with the Ultralytics defaults (hyp.scratch-low for anchor-based heads). Immutable;
 * the {@code with...} methods return a changed copy. {@link #toMap()} is what {@code args.yaml} holds, and
 * {@link #fromMap(Map, String)} reads it back, so a run directory says exactly how it was made.
 *
 * <p>Gains left unset ({@code box}) take the reference value of the head: 0.05 for anchor-based heads, 7.5 for
 * anchor-free ones. An unset {@code lr0} is 0.01 for SGD and 0.001 for AdamW; an unset {@code warmup_bias_lr} is
 * 0.1 for SGD and 0 for AdamW (Ultralytics keeps Adam's bias warm-up no higher than its learning rate).
 */
public final class TrainConfig {
    /** The optimizers the trainer offers. */
    public enum OptimizerKind {
        /** SGD with Nesterov momentum. */
        SGD,
        /** Adam with decoupled weight decay. */
        ADAMW
    }

    private static final Map<String, Object> DEFAULTS = defaults();

    private final Map<String, Object> values;

    private TrainConfig(Map<String, Object> values) {
        this.values = values;
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("epochs", 100);
        d.put("batch", 16);
        d.put("img", 640);
        d.put("optimizer", "SGD");
        d.put("lr0", null);
        d.put("lrf", 0.01);
        d.put("momentum", 0.937);
        d.put("weight_decay", 0.0005);
        d.put("warmup_epochs", 3.0);
        d.put("warmup_momentum", 0.8);
        d.put("warmup_bias_lr", null);
        d.put("cos_lr", false);
        d.put("nbs", 64);
        d.put("box", null);
        d.put("obj", 1.0);
        d.put("cls", 0.5);
        d.put("dfl", 1.5);
        d.put("label_smoothing", 0.0);
        d.put("anchor_t", 4.0);
        d.put("max_grad_norm", 10.0);
        d.put("ema_decay", 0.9999);
        d.put("ema_tau", 2000.0);
        d.put("seed", 0L);
        d.put("device", "cpu");
        d.put("save_period_steps", 0);
        d.put("save_period_seconds", 300.0);
        d.put("time", 0.0);
        d.put("val", true);
        return d;
    }

    /** The defaults. */
    public static TrainConfig of() {
        return new TrainConfig(new LinkedHashMap<>(DEFAULTS));
    }

    /**
     * Reads arguments back (from {@code args.yaml}); keys not known to the trainer are kept as extra arguments.
     *
     * @param source names the file in error messages
     */
    public static TrainConfig fromMap(Map<String, Object> map, String source) {
        TrainConfig c = of();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Object def = DEFAULTS.get(e.getKey());
            Object v = e.getValue();
            if (def instanceof Number && !(v instanceof Number) || def instanceof Boolean && !(v instanceof Boolean)) {
                throw new SlimException(source + ": argument '" + e.getKey() + "' must be a "
                        + (def instanceof Boolean ? "boolean" : "number") + ", got '" + v + "'");
            }
            c = c.with(e.getKey(), normalise(def, v));
        }
        c.optimizer();
        return c;
    }

    /**
     * Reads the {@code args.yaml} of a run directory.
     *
     * @throws SlimException naming the file when it is missing or not an arguments mapping
     */
    public static TrainConfig load(Path argsYaml) {
        try {
            return ArgsYaml.read(Files.readString(argsYaml), argsYaml.toString());
        } catch (NoSuchFileException e) {
            throw new SlimException(argsYaml + ": not found (not a run directory)");
        } catch (IOException e) {
            throw new SlimException(argsYaml + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Numbers read from YAML in the type of the default (seed as long, rates as double). */
    private static Object normalise(Object def, Object v) {
        if (!(v instanceof Number n)) {
            return v;
        }
        if (def instanceof Long) {
            return n.longValue();
        }
        if (def instanceof Double || def == null && !(v instanceof Integer)) {
            return n.doubleValue();
        }
        return v;
    }

    /** A copy with one argument changed or added (extra arguments such as {@code data} are kept verbatim). */
    public TrainConfig with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new TrainConfig(m);
    }

    /** All arguments in a stable order, trainer arguments first, then extra ones. */
    public Map<String, Object> toMap() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * A copy with the optimizer (checked: an unknown name is a one-line error) and, where not null, the initial
     * learning rate and the warm-up epochs: the optional choices a command line leaves to the defaults.
     */
    public TrainConfig withOptimizerChoices(String optimizer, Double lr0, Double warmupEpochs) {
        TrainConfig c = with("optimizer", optimizer);
        c.optimizer();
        if (lr0 != null) {
            c = c.withLr0(lr0);
        }
        return warmupEpochs == null ? c : c.withWarmupEpochs(warmupEpochs);
    }

    /**
     * A copy with the head- and optimizer-dependent defaults filled in ({@code lr0}, {@code warmup_bias_lr},
     * {@code box}), so that
     * {@code args.yaml} states every value.
     */
    public TrainConfig resolved(HeadSpec.Kind head) {
        TrainConfig c = with("lr0", lr0()).with("warmup_bias_lr", warmupBiasLr());
        return values.get("box") != null ? c : c.with("box", head == HeadSpec.Kind.ANCHOR_BASED ? 0.05 : 7.5);
    }

    public TrainConfig withEpochs(int v) {
        return with("epochs", v);
    }

    public TrainConfig withBatch(int v) {
        return with("batch", v);
    }

    public TrainConfig withImgSize(int v) {
        return with("img", v);
    }

    public TrainConfig withOptimizer(OptimizerKind v) {
        return with("optimizer", v == OptimizerKind.SGD ? "SGD" : "AdamW");
    }

    public TrainConfig withLr0(double v) {
        return with("lr0", v);
    }

    public TrainConfig withCosLr(boolean v) {
        return with("cos_lr", v);
    }

    public TrainConfig withWarmupEpochs(double v) {
        return with("warmup_epochs", v);
    }

    public TrainConfig withSeed(long v) {
        return with("seed", v);
    }

    public TrainConfig withDevice(String v) {
        return with("device", v);
    }

    /** Mid-epoch checkpoint every {@code v} optimizer steps (0: off). */
    public TrainConfig withSavePeriodSteps(int v) {
        return with("save_period_steps", v);
    }

    /** Mid-epoch checkpoint when this many seconds passed since the last one (0: off). */
    public TrainConfig withSavePeriodSeconds(double v) {
        return with("save_period_seconds", v);
    }

    /**
     * A training-time budget in hours (Ultralytics' {@code time}; 0: none). After every epoch the trainer re-plans
     * {@code epochs} as the epochs done plus as many more as fit in what is left at the mean epoch time so far
     * (validation included), and the learning-rate schedule follows the new plan, so the run ends on a finished
     * schedule within the budget. It overrides {@code epochs} after the first epoch.
     */
    public TrainConfig withTime(double hours) {
        return with("time", hours);
    }

    /**
     * Whether every epoch is validated (Ultralytics' {@code val}; YOLOv5's {@code --noval} is {@code false}). When
     * off, only the last epoch is: the other epochs' metric columns in {@code metrics.csv} hold NaN, the best
     * checkpoint is the last one, and a time budget plans with the training time alone.
     */
    public TrainConfig withVal(boolean everyEpoch) {
        return with("val", everyEpoch);
    }

    /** Whether every epoch is validated; see {@link #withVal(boolean)}. */
    public boolean val() {
        return Boolean.TRUE.equals(values.get("val"));
    }

    public int epochs() {
        return integer("epochs");
    }

    /** The training-time budget in hours (0: none); see {@link #withTime(double)}. */
    public double time() {
        return ((Number) values.get("time")).doubleValue();
    }

    public int batch() {
        return integer("batch");
    }

    public int imgSize() {
        return integer("img");
    }

    public OptimizerKind optimizer() {
        String s = String.valueOf(values.get("optimizer"));
        return switch (s.toUpperCase(java.util.Locale.ROOT)) {
            case "SGD" -> OptimizerKind.SGD;
            case "ADAMW" -> OptimizerKind.ADAMW;
            default -> throw new SlimException("argument 'optimizer': unknown optimizer '" + s + "' (SGD, AdamW)");
        };
    }

    /** Initial learning rate (0.01 for SGD, 0.001 for AdamW unless set). */
    public double lr0() {
        Object v = values.get("lr0");
        return v == null ? (optimizer() == OptimizerKind.SGD ? 0.01 : 0.001) : number("lr0");
    }

    public double lrf() {
        return number("lrf");
    }

    public double momentum() {
        return number("momentum");
    }

    public double weightDecay() {
        return number("weight_decay");
    }

    public double warmupEpochs() {
        return number("warmup_epochs");
    }

    public double warmupMomentum() {
        return number("warmup_momentum");
    }

    /** Starting learning rate of biases during warm-up (0.1 for SGD, 0 for AdamW unless set). */
    public double warmupBiasLr() {
        Object v = values.get("warmup_bias_lr");
        return v == null ? (optimizer() == OptimizerKind.SGD ? 0.1 : 0.0) : number("warmup_bias_lr");
    }

    public boolean cosLr() {
        return Boolean.TRUE.equals(values.get("cos_lr"));
    }

    /** Nominal batch size for gradient accumulation (64). */
    public int nbs() {
        return integer("nbs");
    }

    /** Box gain before head scaling; {@code NaN} when unset (the head's reference value applies). */
    public double boxGain() {
        return values.get("box") == null ? Double.NaN : number("box");
    }

    public double objGain() {
        return number("obj");
    }

    public double clsGain() {
        return number("cls");
    }

    public double dflGain() {
        return number("dfl");
    }

    public double labelSmoothing() {
        return number("label_smoothing");
    }

    public double anchorT() {
        return number("anchor_t");
    }

    /** Global gradient-norm clip before each optimizer step (0: off). */
    public double maxGradNorm() {
        return number("max_grad_norm");
    }

    public double emaDecay() {
        return number("ema_decay");
    }

    public double emaTau() {
        return number("ema_tau");
    }

    public long seed() {
        return ((Number) values.get("seed")).longValue();
    }

    public String device() {
        return String.valueOf(values.get("device"));
    }

    public int savePeriodSteps() {
        return integer("save_period_steps");
    }

    public double savePeriodSeconds() {
        return number("save_period_seconds");
    }

    private int integer(String key) {
        return (int) number(key);
    }

    private double number(String key) {
        Object v = values.get(key);
        if (!(v instanceof Number n)) {
            throw new SlimException("argument '" + key + "' must be a number, got '" + v + "'");
        }
        return n.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "TrainConfig" + values;
    }
}
