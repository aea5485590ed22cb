package org.slimlab.slim;

import org.slimlab.SlimException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to prune, in Torch-Pruning's terms: the share of prunable channels to remove, the importance
 * criterion, global or uniform ratio, {@code round_to}, a per-group floor and ignored layers.
 * Immutable; each {@code with...} returns a changed copy.
 *
 * <p>Defaults: Network Slimming (BatchNorm |γ|, one global ranking over every prunable channel),
 * coupled channels scored by the mean over their members, no rounding, and every group keeps at
 * least {@value #DEFAULT_MIN_KEEP} of its channels (and never fewer than one), as SlimYOLOv3's
 * {@code --layer_keep 0.1}; the detection head's inputs may be pruned, its output convolutions never.
 */
public final class PruneOptions {
    /** Default per-group floor: the fraction of each group's channels that always stays. */
    public static final double DEFAULT_MIN_KEEP = 0.1;

    /** How a channel's importance is scored. */
    public enum Criterion {
        /** |γ| of its BatchNorm entries (Network Slimming). */
        SLIMMING,
        /** L1 norm of its output filters. */
        L1,
        /** L2 norm of its output filters. */
        L2,
        /** A seeded uniform draw: the control every criterion should beat. */
        RANDOM
    }

    /** Where the ratio applies. */
    public enum Scope {
        /** One ranking over all prunable channels (filter norms are first divided by their group's mean). */
        GLOBAL,
        /** The same ratio in every group. */
        UNIFORM
    }

    /** How the scores of a coupled channel's members are combined. */
    public enum Aggregate {
        /** Mean over members (Torch-Pruning's default). */
        MEAN,
        /** Maximum over members (a channel stays when any member needs it, SlimYOLOv3's union of masks). */
        MAX
    }

    private final double percent;
    private final Criterion criterion;
    private final Scope scope;
    private final Aggregate aggregate;
    private final int roundTo;
    private final double minKeep;
    private final Set<Integer> ignoredRows;
    private final Set<String> ignoredLayers;
    private final boolean keepHeadInputs;
    private final boolean compensateBeta;
    private final long seed;
    private final Map<Integer, Double> groupRatios;

    private PruneOptions(double percent, Criterion criterion, Scope scope, Aggregate aggregate, int roundTo, double minKeep,
                         Set<Integer> ignoredRows, Set<String> ignoredLayers, boolean keepHeadInputs, boolean compensateBeta,
                         long seed, Map<Integer, Double> groupRatios) {
        if (!(percent > 0 && percent < 100)) {
            throw new SlimException("prune: --percent must lie strictly between 0 and 100, got " + format(percent));
        }
        if (roundTo < 1) {
            throw new SlimException("prune: --round-to must be at least 1, got " + roundTo);
        }
        if (!(minKeep >= 0 && minKeep < 1)) {
            throw new SlimException("prune: --min-keep is a fraction in [0, 1), got " + format(minKeep));
        }
        this.percent = percent;
        this.criterion = criterion;
        this.scope = scope;
        this.aggregate = aggregate;
        this.roundTo = roundTo;
        this.minKeep = minKeep;
        this.ignoredRows = Collections.unmodifiableSet(new TreeSet<>(ignoredRows));
        this.ignoredLayers = Collections.unmodifiableSet(new TreeSet<>(ignoredLayers));
        this.keepHeadInputs = keepHeadInputs;
        this.compensateBeta = compensateBeta;
        this.seed = seed;
        for (double r : groupRatios.values()) {
            if (!(r >= 0 && r < 1)) {
                throw new SlimException("prune: a group's ratio must lie in [0, 1), got " + format(r));
            }
        }
        this.groupRatios = Collections.unmodifiableMap(new java.util.TreeMap<>(groupRatios));
    }

    /** Removes {@code percent} % (0 &lt; p &lt; 100) of the prunable channels, with the defaults above. */
    public static PruneOptions percent(double percent) {
        return new PruneOptions(percent, Criterion.SLIMMING, Scope.GLOBAL, Aggregate.MEAN, 1, DEFAULT_MIN_KEEP, Set.of(),
                Set.of(), false, false, 0, Map.of());
    }

    /**
     * The command line's methods: {@code slimming} (global |γ|), {@code l1} (global filter L1),
     * {@code random} (global, seeded), {@code uniform} (the same ratio per group, L1 ranking).
     */
    public static PruneOptions method(String method, double percent) {
        PruneOptions o = percent(percent);
        return switch (method.toLowerCase(Locale.ROOT)) {
            case "slimming" -> o;
            case "l1" -> o.withCriterion(Criterion.L1);
            case "l2" -> o.withCriterion(Criterion.L2);
            case "random" -> o.withCriterion(Criterion.RANDOM);
            case "uniform" -> o.withCriterion(Criterion.L1).withScope(Scope.UNIFORM);
            default -> throw new SlimException("prune: unknown --method '" + method + "' (slimming, l1, l2, random, uniform, eagleeye)");
        };
    }

    private PruneOptions copy(double p, Criterion c, Scope s, Aggregate a, int r, double k, Set<Integer> rows,
                              Set<String> layers, boolean head, boolean beta, long sd) {
        return new PruneOptions(p, c, s, a, r, k, rows, layers, head, beta, sd, groupRatios);
    }

    /**
     * Per-group ratios (Torch-Pruning's {@code pruning_ratio_dict}): group id to the fraction of its
     * channels to remove, ranked within the group; groups not listed follow the percent and scope.
     */
    public PruneOptions withGroupRatios(Map<Integer, Double> v) {
        return new PruneOptions(percent, criterion, scope, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers,
                keepHeadInputs, compensateBeta, seed, v);
    }

    /** Per-group ratios by group id (empty unless set). */
    public Map<Integer, Double> groupRatios() {
        return groupRatios;
    }

    public PruneOptions withPercent(double v) {
        return copy(v, criterion, scope, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    public PruneOptions withCriterion(Criterion v) {
        return copy(percent, v, scope, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    public PruneOptions withScope(Scope v) {
        return copy(percent, criterion, v, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    public PruneOptions withAggregate(Aggregate v) {
        return copy(percent, criterion, scope, v, roundTo, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    /** Kept channels per group are rounded up to a multiple of {@code v} (never above the group's size). */
    public PruneOptions withRoundTo(int v) {
        return copy(percent, criterion, scope, aggregate, v, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    /** Each group keeps at least this fraction of its channels (and one); 0 lets a request fail instead of emptying a group. */
    public PruneOptions withMinKeep(double v) {
        return copy(percent, criterion, scope, aggregate, roundTo, v, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    /** Rows whose convolutions keep all their output channels (Torch-Pruning's ignored layers). */
    public PruneOptions withIgnoredRows(Set<Integer> v) {
        return copy(percent, criterion, scope, aggregate, roundTo, minKeep, v, ignoredLayers, keepHeadInputs, compensateBeta, seed);
    }

    /** Convolutions ({@code model.2.cv1}) that keep all their output channels. */
    public PruneOptions withIgnoredLayers(Set<String> v) {
        return copy(percent, criterion, scope, aggregate, roundTo, minKeep, ignoredRows, v, keepHeadInputs, compensateBeta, seed);
    }

    /** Keep every channel the detection head reads (the last layer of each feature level). */
    public PruneOptions withKeepHeadInputs(boolean v) {
        return copy(percent, criterion, scope, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers, v, compensateBeta, seed);
    }

    /** Fold the constant act(β) of removed channels into the next layer (see {@link Pruner}). */
    public PruneOptions withBetaCompensation(boolean v) {
        return copy(percent, criterion, scope, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, v, seed);
    }

    /** Seed of the random criterion. */
    public PruneOptions withSeed(long v) {
        return copy(percent, criterion, scope, aggregate, roundTo, minKeep, ignoredRows, ignoredLayers, keepHeadInputs, compensateBeta, v);
    }

    public double percent() {
        return percent;
    }

    public Criterion criterion() {
        return criterion;
    }

    public Scope scope() {
        return scope;
    }

    public Aggregate aggregate() {
        return aggregate;
    }

    public int roundTo() {
        return roundTo;
    }

    public double minKeep() {
        return minKeep;
    }

    public Set<Integer> ignoredRows() {
        return ignoredRows;
    }

    public Set<String> ignoredLayers() {
        return ignoredLayers;
    }

    public boolean keepHeadInputs() {
        return keepHeadInputs;
    }

    public boolean compensateBeta() {
        return compensateBeta;
    }

    public long seed() {
        return seed;
    }

    /** The options as {@code args.yaml} records them. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("percent", percent);
        m.put("criterion", criterion.name().toLowerCase(Locale.ROOT));
        m.put("scope", scope.name().toLowerCase(Locale.ROOT));
        m.put("aggregate", aggregate.name().toLowerCase(Locale.ROOT));
        m.put("round_to", roundTo);
        m.put("min_keep", minKeep);
        m.put("ignored_rows", ignoredRows.stream().toList());
        m.put("ignored_layers", ignoredLayers.stream().toList());
        m.put("keep_head_inputs", keepHeadInputs);
        m.put("beta_compensation", compensateBeta);
        m.put("seed", seed);
        if (!groupRatios.isEmpty()) {
            m.put("group_ratios", new LinkedHashMap<>(groupRatios));
        }
        return m;
    }

    static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return "PruneOptions" + toMap();
    }
}
