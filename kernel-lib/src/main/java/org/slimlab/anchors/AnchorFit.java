package org.slimlab.anchors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slimlab.SlimException;
import org.slimlab.data.DataYaml;
import org.slimlab.model.ModelSpec;

/**
 * Fits the anchors of an anchor-based model to a dataset, as YOLOv5's autoanchor does: k-means on the box sizes
 * divided by their standard deviation (30 restarts), then a genetic refinement: in each generation every anchor
 * side is mutated with probability 0.9 by a factor {@code 1 + r·N(0,1)·0.1} (r uniform per generation, factors
 * clipped to [0.3, 3], sides kept at least 2 px) and the mutant replaces the anchors when its fitness is higher.
 * The fitted anchors are sorted by area, smallest to the finest level, and rounded to whole pixels. Everything
 * random comes from one seeded generator, so a seed gives the same anchors.
 */
public final class AnchorFit {
    /** K-means restarts, as YOLOv5 runs SciPy's {@code kmeans} with {@code iter=30}. */
    public static final int KMEANS_RESTARTS = 30;
    private static final double MUTATION_PROBABILITY = 0.9;
    private static final double MUTATION_SIGMA = 0.1;

    /**
     * Fitting options.
     *
     * @param anchorT the largest side ratio a box and its anchor may have (YOLOv5's {@code anchor_t}, 4)
     * @param generations mutation rounds (YOLOv5: 1000)
     * @param seed the seed of the k-means starts and the mutations
     */
    public record Options(double anchorT, int generations, long seed) {
        /** YOLOv5's settings with seed 0. */
        public static Options defaults() {
            return new Options(AnchorStats.DEFAULT_ANCHOR_T, 1000, 0);
        }

        public Options withSeed(long s) {
            return new Options(anchorT, generations, s);
        }

        public Options withGenerations(int g) {
            return new Options(anchorT, g, seed);
        }

        public Options withAnchorT(double t) {
            return new Options(t, generations, seed);
        }
    }

    /**
     * A fit.
     *
     * @param spec the model with the fitted anchors (and the dataset's classes)
     * @param before the model's anchors as written, in pixels, {@code {w, h}} each
     * @param beforeStats their coverage of the boxes
     * @param after the fitted anchors, rounded, sorted by area
     * @param afterStats their coverage
     * @param boxes boxes fitted to
     * @param img image side the boxes were measured at
     */
    public record Result(ModelSpec spec, double[][] before, AnchorStats beforeStats, double[][] after,
            AnchorStats afterStats, int boxes, int img) {
        /** Before and after, one line each, with the fitted anchors as the yaml writes them. */
        public String text() {
            return String.format(Locale.ROOT, "%d boxes at %d px%nbefore: %s%nafter:  %s%nanchors: %s%n", boxes, img,
                    beforeStats, afterStats, spec.anchors());
        }
    }

    private AnchorFit() {
    }

    /**
     * Fits {@code spec}'s anchors to the training boxes of {@code dataYaml} at {@code img} pixels.
     *
     * @throws SlimException when the model has no anchors or the data has fewer boxes than anchors
     */
    public static Result fit(ModelSpec spec, Path dataYaml, int img, Options o) {
        if (spec.anchors() == null) {
            throw new SlimException(spec.source() + ": " + spec.name() + " is anchor-free (no 'anchors:'); nothing to fit");
        }
        if (img <= 0) {
            throw new SlimException("anchors: image size must be positive, got " + img);
        }
        double[][] before = flatten(spec.anchorPixels());
        double[][] boxes = BoxSizes.of(dataYaml, img);
        if (boxes.length < before.length) {
            throw new SlimException(dataYaml + ": " + boxes.length + " boxes of at least " + BoxSizes.MIN_SIDE
                    + " px at " + img + " px, too few to fit " + before.length + " anchors");
        }
        double[][] after = round(fit(boxes, before.length, o));
        AnchorStats was = AnchorStats.of(before, boxes, o.anchorT());
        AnchorStats now = AnchorStats.of(after, boxes, o.anchorT());
        String header = String.format(Locale.ROOT, "%s with anchors fitted to %s at %d px (k-means and genetic refinement,"
                + " seed %d, anchor_t %s): BPR %.4f -> %.4f.%n%s", spec.name(), dataYaml.getFileName(), img, o.seed(),
                o.anchorT(), was.bpr(), now.bpr(), spec.header());
        ModelSpec fitted = spec.withNc(DataYaml.load(dataYaml).nc()).toBuilder().header(header.strip())
                .anchors(levels(after, spec.anchors().get(0).size() / 2)).build();
        return new Result(fitted, before, was, after, now, boxes.length, img);
    }

    /** {@code n} anchors for {@code boxes} ({@code {w, h}} each, pixels): k-means, then the mutation loop. */
    public static double[][] fit(double[][] boxes, int n, Options o) {
        Random random = new Random(o.seed());
        double[] sd = {std(boxes, 0), std(boxes, 1)};
        double[][] white = new double[boxes.length][];
        for (int i = 0; i < boxes.length; i++) {
            white[i] = new double[] {boxes[i][0] / sd[0], boxes[i][1] / sd[1]};
        }
        double[][] k = KMeans.fit(white, n, KMEANS_RESTARTS, random);
        for (double[] a : k) {
            a[0] *= sd[0];
            a[1] *= sd[1];
        }
        return byArea(evolve(k, boxes, o, random));
    }

    /** The mutation loop: keeps a mutant when it is fitter. */
    static double[][] evolve(double[][] start, double[][] boxes, Options o, Random random) {
        double[][] k = start;
        double f = AnchorStats.of(k, boxes, o.anchorT()).fitness();
        for (int g = 0; g < o.generations(); g++) {
            double[][] v = mutation(k.length, random);
            double[][] kg = new double[k.length][2];
            for (int i = 0; i < k.length; i++) {
                for (int d = 0; d < 2; d++) {
                    kg[i][d] = Math.max(BoxSizes.MIN_SIDE, k[i][d] * v[i][d]);
                }
            }
            double fg = AnchorStats.of(kg, boxes, o.anchorT()).fitness();
            if (fg > f) {
                f = fg;
                k = kg;
            }
        }
        return k;
    }

    /** Factors for every anchor side, not all 1 (drawn again until one changes). */
    private static double[][] mutation(int n, Random random) {
        double[][] v = new double[n][2];
        boolean changed = false;
        while (!changed) {
            double r = random.nextDouble();
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 2; d++) {
                    double factor = random.nextDouble() < MUTATION_PROBABILITY
                            ? 1 + r * random.nextGaussian() * MUTATION_SIGMA : 1;
                    v[i][d] = Math.min(3.0, Math.max(0.3, factor));
                    changed |= v[i][d] != 1;
                }
            }
        }
        return v;
    }

    private static double std(double[][] boxes, int d) {
        double mean = 0;
        for (double[] b : boxes) {
            mean += b[d];
        }
        mean /= boxes.length;
        double var = 0;
        for (double[] b : boxes) {
            var += (b[d] - mean) * (b[d] - mean);
        }
        double s = Math.sqrt(var / boxes.length);
        return s > 0 ? s : 1;
    }

    private static double[][] byArea(double[][] k) {
        double[][] sorted = k.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(a -> a[0] * a[1]));
        return sorted;
    }

    private static double[][] round(double[][] k) {
        double[][] r = new double[k.length][];
        for (int i = 0; i < k.length; i++) {
            r[i] = new double[] {Math.max(BoxSizes.MIN_SIDE, Math.round(k[i][0])), Math.max(BoxSizes.MIN_SIDE, Math.round(k[i][1]))};
        }
        return byArea(r);
    }

    private static double[][] flatten(float[][] levels) {
        List<double[]> out = new ArrayList<>();
        for (float[] level : levels) {
            for (int j = 0; j + 1 < level.length; j += 2) {
                out.add(new double[] {level[j], level[j + 1]});
            }
        }
        return out.toArray(new double[0][]);
    }

    /** Anchors by level, {@code perLevel} each, as yaml rows {@code [w, h, w, h, ...]} of whole pixels. */
    private static List<List<Number>> levels(double[][] anchors, int perLevel) {
        List<List<Number>> out = new ArrayList<>();
        for (int i = 0; i < anchors.length; i += perLevel) {
            List<Number> level = new ArrayList<>();
            for (int j = i; j < i + perLevel; j++) {
                level.add((int) anchors[j][0]);
                level.add((int) anchors[j][1]);
            }
            out.add(level);
        }
        return out;
    }
}
