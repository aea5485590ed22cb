package org.slimlab.train;

/**
 * Learning-rate, momentum and accumulation schedule of the Ultralytics trainers, as pure functions of the
 * global batch index {@code ni} and the epoch.
 *
 * <ul>
 *   <li>Per-epoch factor {@code lf}: linear {@code (1 - e/E)(1 - lrf) + lrf} or cosine
 *       {@code ((1 - cos(pi e/E))/2)(lrf - 1) + 1}.</li>
 *   <li>Warm-up over {@code nw = max(round(warmup_epochs nb), 100)} batches: every group's learning rate goes
 *       linearly from 0 (biases: from {@code warmup_bias_lr}) to {@code lr0 lf(epoch)}, momentum from
 *       {@code warmup_momentum} to {@code momentum}, and accumulation from 1 to {@code nbs/batch}.</li>
 *   <li>Afterwards: {@code lr0 lf(epoch)}, {@code momentum}, {@code accumulate = max(round(nbs/batch), 1)}.</li>
 * </ul>
 */
public final class Schedule {
    private final TrainConfig cfg;
    private final int warmupIterations;

    public Schedule(TrainConfig cfg, int batchesPerEpoch) {
        this.cfg = cfg;
        this.warmupIterations = cfg.warmupEpochs() > 0
                ? (int) Math.max(Math.rint(cfg.warmupEpochs() * batchesPerEpoch), 100) : -1;
    }

    /** Number of warm-up batches ({@code -1} without warm-up). */
    public int warmupIterations() {
        return warmupIterations;
    }

    /** The per-epoch learning-rate factor. */
    public double lrFactor(int epoch) {
        double e = epoch;
        double total = cfg.epochs();
        if (cfg.cosLr()) {
            return ((1 - Math.cos(e * Math.PI / total)) / 2) * (cfg.lrf() - 1) + 1;
        }
        return (1 - e / total) * (1.0 - cfg.lrf()) + cfg.lrf();
    }

    /** Learning rate of {@code group} at global batch {@code ni} in {@code epoch}. */
    public double learningRate(ParamGroup group, long ni, int epoch) {
        double target = cfg.lr0() * lrFactor(epoch);
        if (ni <= warmupIterations) {
            double start = group == ParamGroup.BIAS ? cfg.warmupBiasLr() : 0.0;
            return interp(ni, start, target);
        }
        return target;
    }

    /** Momentum at global batch {@code ni}. */
    public double momentum(long ni) {
        return ni <= warmupIterations ? interp(ni, cfg.warmupMomentum(), cfg.momentum()) : cfg.momentum();
    }

    /** Batches accumulated per optimizer step at global batch {@code ni}. */
    public int accumulate(long ni) {
        if (ni <= warmupIterations) {
            return (int) Math.max(1, Math.rint(interp(ni, 1, (double) cfg.nbs() / cfg.batch())));
        }
        return nominalAccumulate(cfg);
    }

    /** {@code max(round(nbs / batch), 1)}. */
    public static int nominalAccumulate(TrainConfig cfg) {
        return (int) Math.max(Math.rint((double) cfg.nbs() / cfg.batch()), 1);
    }

    /** Weight decay scaled to the nominal batch: {@code wd batch accumulate / nbs}. */
    public static double scaledWeightDecay(TrainConfig cfg) {
        return cfg.weightDecay() * cfg.batch() * nominalAccumulate(cfg) / cfg.nbs();
    }

    private double interp(long ni, double from, double to) {
        return from + (to - from) * ni / warmupIterations;
    }
}
