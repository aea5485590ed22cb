package org.slimlab.eval;

/**
 * The curves behind the metrics, one row per labelled class, sampled at 1000 points {@link #x()} evenly spaced
 * over [0, 1]: precision, recall and F1 against confidence, and precision against recall (the interpolated
 * precision envelope at IoU 0.5) as Ultralytics plots them.
 *
 * @param classes     the labelled classes, one per row
 * @param x           the 1000 sample points: confidence for P, R and F1; recall for the PR curve
 * @param precision   precision at confidence {@code x}
 * @param recall      recall at confidence {@code x}
 * @param f1          F1 at confidence {@code x}
 * @param prPrecision precision at recall {@code x}
 */
public record MetricCurves(int[] classes, double[] x, double[][] precision, double[][] recall, double[][] f1,
                           double[][] prPrecision) {

    /** The column means of {@code rows} (zeros when there are no rows). */
    public static double[] mean(double[][] rows, int width) {
        double[] m = new double[width];
        for (double[] r : rows) {
            for (int i = 0; i < width; i++) {
                m[i] += r[i];
            }
        }
        if (rows.length > 0) {
            for (int i = 0; i < width; i++) {
                m[i] /= rows.length;
            }
        }
        return m;
    }
}
