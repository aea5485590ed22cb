package org.slimlab.slim;

import ai.djl.ndarray.NDManager;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slimlab.SlimException;
import org.slimlab.data.DetBatch;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import org.slimlab.train.Validation;
import org.slimlab.train.Validator;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * EagleEye (Li et al., ECCV 2020): a search over pruned sub-networks at a fixed budget. Each
 * candidate draws a random ratio per dependency group, scaled so that the candidate keeps the
 * requested share of GFLOPs (or parameters); channels are ranked by filter L1 norm within their
 * group; the pruned model's BatchNorm statistics are re-estimated on a few training batches
 * ({@link AdaptiveBatchNorm}, what makes scores before fine-tuning predictive) and it is scored on
 * validation (Ultralytics fitness, 0.1·mAP50 + 0.9·mAP50-95). The best candidate wins.
 */
public final class EagleEye {
    /** What the budget counts. */
    public enum Budget {
        /** Multiply-accumulates (GFLOPs). */
        FLOPS,
        /** Parameters. */
        PARAMS
    }

    /**
     * Search settings.
     *
     * @param candidates sub-networks to score
     * @param budget what {@code keep} counts
     * @param keep the share of the original's GFLOPs or parameters each candidate keeps (0 &lt; keep &lt; 1)
     * @param maxRatio the largest share of any group a candidate may remove (EagleEye's R)
     * @param calibrationBatches training batches for adaptive BatchNorm
     * @param seed seed of the ratio draws
     * @param roundTo kept channels per group rounded up to a multiple of this
     * @param minKeep per-group floor (see {@link PruneOptions#withMinKeep})
     */
    public record Options(int candidates, Budget budget, double keep, double maxRatio, int calibrationBatches, long seed,
                          int roundTo, double minKeep) {
        public Options {
            if (candidates < 1 || calibrationBatches < 1) {
                throw new SlimException("eagleeye: need at least one candidate and one calibration batch, got " + candidates
                        + " and " + calibrationBatches);
            }
            if (!(keep > 0 && keep < 1)) {
                throw new SlimException("eagleeye: the kept share must lie strictly between 0 and 1, got " + keep);
            }
            if (!(maxRatio > 0 && maxRatio < 1)) {
                throw new SlimException("eagleeye: the largest group ratio must lie strictly between 0 and 1, got " + maxRatio);
            }
        }

        /** 20 candidates removing {@code percent} % of the GFLOPs, group ratios up to 0.8, 8 calibration batches. */
        public static Options percent(double percent) {
            return new Options(20, Budget.FLOPS, 1 - percent / 100, 0.8, 8, 0, 1, PruneOptions.DEFAULT_MIN_KEEP);
        }
    }

    /**
     * One scored sub-network.
     *
     * @param index draw number, from 0
     * @param plan its pruning plan
     * @param parameters its parameters
     * @param gflops its GFLOPs at 640 (Ultralytics counting)
     * @param kept the share of the budgeted quantity it keeps
     * @param validation its validation after adaptive BatchNorm
     */
    public record Candidate(int index, PrunePlan plan, long parameters, double gflops, double kept, Validation validation) {
        /** The score candidates are ranked by. */
        public double fitness() {
            return validation.fitness();
        }
    }

    /** The search's outcome: every candidate in draw order and the best, with its model. */
    public record Result(List<Candidate> candidates, Candidate best, YoloModel bestModel) {
        /** Fitness of each candidate against its GFLOPs, the best marked. */
        public XYChart chart() {
            XYChart c = new XYChartBuilder().width(700).height(420).title("EagleEye candidates")
                    .xAxisTitle("GFLOPs @640").yAxisTitle("fitness after adaptive BN").build();
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            c.addSeries("candidates", candidates.stream().mapToDouble(Candidate::gflops).toArray(),
                    candidates.stream().mapToDouble(Candidate::fitness).toArray()).setMarker(SeriesMarkers.CIRCLE);
            c.addSeries("best (#" + best.index() + ")", new double[] {best.gflops()}, new double[] {best.fitness()})
                    .setMarker(SeriesMarkers.DIAMOND);
            return c;
        }

        /** One line per candidate: index, parameters, GFLOPs, kept share, the validation figures. */
        public Table table() {
            Table t = Table.create("EagleEye candidates");
            t.addColumns(IntColumn.create("candidate", candidates.stream().mapToInt(Candidate::index).toArray()),
                    LongColumn.create("parameters", candidates.stream().mapToLong(Candidate::parameters).toArray()),
                    DoubleColumn.create("GFLOPs", candidates.stream().mapToDouble(Candidate::gflops).toArray()),
                    DoubleColumn.create("kept", candidates.stream().mapToDouble(Candidate::kept).toArray()),
                    DoubleColumn.create("fitness", candidates.stream().mapToDouble(Candidate::fitness).toArray()));
            for (String key : best.validation().metrics().keySet()) {
                t.addColumns(DoubleColumn.create(key, candidates.stream()
                        .mapToDouble(c -> c.validation().metrics().getOrDefault(key, Double.NaN)).toArray()));
            }
            return t;
        }

        /** The table as text. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%9s %12s %8s %7s %8s%n", "candidate", "parameters", "GFLOPs", "kept", "fitness"));
            for (Candidate c : candidates) {
                sb.append(String.format(Locale.ROOT, "%9d %12d %8.3f %7.3f %8.4f%s%n", c.index(), c.parameters(), c.gflops(),
                        c.kept(), c.fitness(), c == best ? "  best" : ""));
            }
            return sb.toString();
        }
    }

    private EagleEye() {
    }

    /**
     * Runs the search.
     *
     * @param model the trained model (initialized)
     * @param calibration training batches (plain, e.g. without augmentation) for adaptive BatchNorm
     * @param validator scores a candidate (e.g. a {@code DetectionValidator} on a validation subset)
     * @param manager where the best model lives; the others are freed after scoring
     * @param progress receives one line per candidate
     */
    public static Result search(YoloModel model, Iterable<DetBatch> calibration, Validator validator, Options o,
                                NDManager manager, java.util.function.Consumer<String> progress) {
        DependencyGraph graph = DependencyGraph.of(model, ModelSummary.DEFAULT_IMAGE);
        PruneOptions base = PruneOptions.percent(50).withCriterion(PruneOptions.Criterion.L1).withScope(PruneOptions.Scope.UNIFORM)
                .withRoundTo(o.roundTo()).withMinKeep(o.minKeep());
        List<DependencyGroup> groups = new ArrayList<>();
        for (PrunePlan.Decision d : PrunePlanner.plan(graph, base).decisions()) {
            if (d.importance().length > 0) {
                groups.add(d.group());
            }
        }
        if (groups.isEmpty()) {
            throw new SlimException(model.spec().name() + ": eagleeye found no prunable group");
        }
        PruneCost cost = new PruneCost(graph);
        double full = measure(cost, o.budget(), id -> true);
        Random rnd = new Random(o.seed());
        List<Candidate> all = new ArrayList<>();
        Candidate best = null;
        NDManager bestScope = null;
        YoloModel bestModel = null;
        for (int c = 0; c < o.candidates(); c++) {
            double[] draw = new double[groups.size()];
            for (int i = 0; i < draw.length; i++) {
                draw[i] = rnd.nextDouble() * o.maxRatio();
            }
            Map<Integer, Double> ratios = scaled(graph, cost, groups, draw, o, full);
            PrunePlan plan = PrunePlanner.plan(graph, base.withGroupRatios(ratios));
            NDManager scope = manager.newSubManager();
            YoloModel pruned = Pruner.apply(model, plan, scope);
            AdaptiveBatchNorm.recalibrate(pruned, calibration, o.calibrationBatches());
            Validation v = validator.validate(pruned, -1);
            long params = pruned.parameterCount();
            double gflops = ModelSummary.of(pruned, ModelSummary.DEFAULT_IMAGE).gflops();
            double kept = o.budget() == Budget.PARAMS ? (double) params / cost.parameters(id -> true)
                    : measure(cost, Budget.FLOPS, plan::keeps) / full;
            Candidate cand = new Candidate(c, plan, params, gflops, kept, v);
            all.add(cand);
            progress.accept(String.format(Locale.ROOT, "candidate %d/%d: %d parameters, %.3f GFLOPs, kept %.3f, fitness %.4f",
                    c + 1, o.candidates(), params, gflops, kept, v.fitness()));
            if (best == null || v.fitness() > best.fitness()) {
                if (bestScope != null) {
                    bestScope.close();
                }
                best = cand;
                bestScope = scope;
                bestModel = pruned;
            } else {
                scope.close();
            }
        }
        return new Result(Collections.unmodifiableList(all), best, bestModel);
    }

    private static double measure(PruneCost cost, Budget b, java.util.function.IntPredicate kept) {
        return b == Budget.FLOPS ? cost.macs(kept) : cost.parameters(kept);
    }

    /**
     * Ratios {@code α·draw} per group, with α found by bisection so that the candidate keeps the
     * budget's share (as close as the groups' floors and ratio cap allow).
     */
    private static Map<Integer, Double> scaled(DependencyGraph graph, PruneCost cost, List<DependencyGroup> groups, double[] draw,
                                               Options o, double full) {
        double lo = 0;
        double hi = 1 / Math.max(1e-9, java.util.Arrays.stream(draw).max().orElse(1)) * o.maxRatio();
        for (int it = 0; it < 40; it++) {
            double mid = (lo + hi) / 2;
            double kept = measure(cost, o.budget(), keptWith(graph, groups, draw, mid, o)) / full;
            if (kept > o.keep()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Map<Integer, Double> ratios = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            ratios.put(groups.get(i).id(), Math.min(o.maxRatio(), hi * draw[i]));
        }
        return ratios;
    }

    /** The channels that stay when each group removes its ratio (floors and round_to applied; which ones does not matter for cost). */
    private static java.util.function.IntPredicate keptWith(DependencyGraph graph, List<DependencyGroup> groups, double[] draw,
                                                           double alpha, Options o) {
        Set<Integer> removed = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            DependencyGroup g = groups.get(i);
            int size = g.size();
            int keep = size - (int) Math.floor(Math.min(o.maxRatio(), alpha * draw[i]) * size + 1e-9);
            keep = Math.max(keep, Math.max(1, (int) Math.ceil(o.minKeep() * size - 1e-9)));
            keep = Math.min(size, (keep + o.roundTo() - 1) / o.roundTo() * o.roundTo());
            for (int k = 0; k < size - keep; k++) {
                removed.add(g.roots()[k]);
            }
        }
        return id -> !removed.contains(graph.root(id));
    }
}
