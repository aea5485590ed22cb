package org.slimlab.model;

import ai.djl.ndarray.types.Shape;
import org.slimlab.SlimException;
import org.slimlab.model.modules.Trace;

import java.util.Locale;

/**
 * Width-scales a model until its GFLOPs match a reference's: a lighter backbone at a larger width is
 * the fair rival of a heavier one, so comparisons at equal compute scale each variant's width multiple
 * by a factor found by bisection. GFLOPs are a non-decreasing step function of the width (channels are
 * rounded up to multiples of the divisor), so the search keeps the closest factor it meets.
 */
public final class EqualGflops {
    /** The default tolerance: GFLOPs within ±3% of the reference. */
    public static final double DEFAULT_TOLERANCE = 0.03;
    /** Above this relative gap the match is refused: a comparison at "equal" GFLOPs would not be one. */
    public static final double MAX_TOLERANCE = 0.10;
    /** GFLOPs are counted at Ultralytics' 640 pixels. */
    public static final int IMAGE = ModelSummary.DEFAULT_IMAGE;
    private static final double MIN_FACTOR = 1.0 / 16;
    private static final double MAX_FACTOR = 16;
    private static final int STEPS = 40;

    /**
     * One match.
     *
     * @param spec the width-scaled model, named {@code <name>-w<100·factor>} ({@code yolov5n-ghost-w142})
     * @param factor the width factor applied to the model's own width multiple
     * @param gflops its GFLOPs at the image size of the search
     * @param targetGflops the reference's GFLOPs
     */
    public record Match(ModelSpec spec, double factor, double gflops, double targetGflops) {
        /** GFLOPs over the reference's (1.0 is a perfect match). */
        public double ratio() {
            return gflops / targetGflops;
        }

        /** {@code yolov5n-ghost-w142 x1.420 width: 4.61 GFLOPs (+0.9% of 4.57)}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s x%.3f width: %.3f GFLOPs (%+.1f%% of %.3f)", spec.name(), factor, gflops,
                    100 * (ratio() - 1), targetGflops);
        }
    }

    private EqualGflops() {
    }

    /** GFLOPs of a spec at {@code image} pixels, counted from shapes (nothing is initialized). */
    public static double gflops(ModelSpec spec, int image) {
        YoloModel model = YoloModel.build(spec);
        int stride = (int) model.maxStride();
        if (image <= 0 || image % stride != 0) {
            throw new SlimException(spec.name() + ": image size " + image + " must be a positive multiple of " + stride);
        }
        Trace t = Trace.counting();
        model.trace(t, new Shape(1, 3, image, image));
        return 2.0 * t.macs() / 1e9;
    }

    /**
     * Scales {@code spec}'s width so that its GFLOPs at {@code image} pixels are as close as the
     * channel rounding allows to {@code target}, searching until within {@code tolerance}.
     *
     * @throws SlimException when no width comes within {@value #MAX_TOLERANCE} of the target
     */
    public static Match match(ModelSpec spec, double target, int image, double tolerance) {
        if (!(target > 0) || !(tolerance > 0)) {
            throw new SlimException(spec.name() + ": equal-GFLOPs target and tolerance must be positive, got " + target
                    + " and " + tolerance);
        }
        double lo = Math.log(MIN_FACTOR);
        double hi = Math.log(MAX_FACTOR);
        Match best = at(spec, 1.0, target, image);
        for (int i = 0; i < STEPS && Math.abs(best.ratio() - 1) > tolerance; i++) {
            double mid = (lo + hi) / 2;
            Match m = at(spec, Math.exp(mid), target, image);
            if (Math.abs(m.ratio() - 1) < Math.abs(best.ratio() - 1)) {
                best = m;
            }
            if (m.gflops() < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (Math.abs(best.ratio() - 1) > MAX_TOLERANCE) {
            throw new SlimException(String.format(Locale.ROOT,
                    "%s: no width multiple brings it within %.0f%% of %.3f GFLOPs (closest: %s)", spec.name(),
                    100 * MAX_TOLERANCE, target, best));
        }
        return best;
    }

    /** {@link #match(ModelSpec, double, int, double)} against the GFLOPs of {@code reference}. */
    public static Match match(ModelSpec spec, ModelSpec reference, int image, double tolerance) {
        return match(spec, gflops(reference, image), image, tolerance);
    }

    private static Match at(ModelSpec spec, double factor, double target, int image) {
        ModelSpec scaled = spec;
        if (factor != 1.0) {
            scaled = spec.scale(spec.depthMultiple(), spec.widthMultiple() * factor)
                    .withName(spec.name() + "-w" + Math.round(100 * factor));
            scaled = scaled.toBuilder().header(String.format(Locale.ROOT,
                    "%s with its width multiple scaled by %.4f to match %.3f GFLOPs at %d px.%n%s", spec.name(), factor,
                    target, image, spec.header()).strip()).build();
        }
        return new Match(scaled, factor, gflops(scaled, image), target);
    }
}
