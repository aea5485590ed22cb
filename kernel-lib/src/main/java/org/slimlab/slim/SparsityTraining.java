package org.slimlab.slim;

import org.slimlab.SlimException;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.Trainer;
import org.slimlab.train.YoloDetector;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sparsity training as a {@link TrainExtension}: records {@code sr}, {@code sr_schedule} and
 * {@code sr_beta} in {@code args.yaml} and installs a {@link SparsityRegularizer} (gradient hook and
 * epoch listener) built from the run's arguments, so a resumed run regularises the same way.
 *
 * <pre>{@code
 * DetectionTraining.fromConfig("yolov5n", null).data(data).config(cfg)
 *         .extension(SparsityTraining.of(1e-4, SparsityRegularizer.Schedule.DECAY, 0)) ...
 * }</pre>
 */
public final class SparsityTraining implements TrainExtension {
    private final Map<String, Object> args;

    private SparsityTraining(Map<String, Object> args) {
        this.args = args;
    }

    /** λ (Network Slimming's), its schedule, and the weight of the optional L1 term on β (0: none). */
    public static SparsityTraining of(double lambda, SparsityRegularizer.Schedule schedule, double betaLambda) {
        if (!(lambda > 0)) {
            throw new SlimException("train: --sr must be positive, got " + lambda);
        }
        if (!(betaLambda >= 0)) {
            throw new SlimException("train: --sr-beta must be >= 0, got " + betaLambda);
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("sr", lambda);
        a.put("sr_schedule", schedule.name().toLowerCase(Locale.ROOT));
        a.put("sr_beta", betaLambda);
        return new SparsityTraining(a);
    }

    /** Nothing: for runs without sparsity training (nothing recorded, nothing installed). */
    public static SparsityTraining off() {
        return new SparsityTraining(Map.of());
    }

    @Override
    public Map<String, Object> args() {
        return args;
    }

    @Override
    public void configure(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        install(trainer, config, detector);
    }

    /** Installs the regulariser the run's arguments ask for (nothing when they set no {@code sr}). */
    public static void install(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        SparsityRegularizer r = fromArgs(config, detector);
        if (r != null) {
            trainer.gradientHook(r).listener(r);
        }
    }

    /** The regulariser a run's arguments ask for, or null when they set no {@code sr}. */
    public static SparsityRegularizer fromArgs(TrainConfig config, YoloDetector detector) {
        Map<String, Object> m = config.toMap();
        if (!(m.get("sr") instanceof Number sr) || sr.doubleValue() == 0) {
            return null;
        }
        String s = String.valueOf(m.getOrDefault("sr_schedule", "constant"));
        SparsityRegularizer.Schedule schedule;
        try {
            schedule = SparsityRegularizer.Schedule.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SlimException("argument 'sr_schedule': unknown schedule '" + s + "' (constant, decay)");
        }
        double beta = m.get("sr_beta") instanceof Number b ? b.doubleValue() : 0;
        return new SparsityRegularizer(detector.spec(), sr.doubleValue(), schedule, beta, config.batch());
    }
}
