package org.slimlab.anchors;

import java.util.Random;

/**
 * Lloyd's k-means on points, restarted from random observations and keeping the restart with the lowest
 * distortion (mean Euclidean distance of each point to its centre), as SciPy's {@code kmeans} does. A centre that
 * loses all its points keeps its place.
 */
public final class KMeans {
    private static final int MAX_ITERATIONS = 300;
    private static final double THRESHOLD = 1e-5;

    private KMeans() {
    }

    /**
     * {@code k} centres of {@code points}.
     *
     * @param restarts independent runs from random initial centres (distinct observations)
     * @param random the source of the initial centres
     */
    public static double[][] fit(double[][] points, int k, int restarts, Random random) {
        if (k < 1 || points.length < k) {
            throw new IllegalArgumentException("k-means needs at least k=" + k + " points, got " + points.length);
        }
        double[][] best = null;
        double bestDistortion = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            double[][] centres = initial(points, k, random);
            double distortion = lloyd(points, centres);
            if (distortion < bestDistortion) {
                bestDistortion = distortion;
                best = centres;
            }
        }
        return best;
    }

    /** Mean distance of the points to their nearest centre. */
    public static double distortion(double[][] points, double[][] centres) {
        double sum = 0;
        for (double[] p : points) {
            sum += Math.sqrt(squared(p, centres[nearest(p, centres)]));
        }
        return sum / points.length;
    }

    private static double[][] initial(double[][] points, int k, Random random) {
        int[] index = new int[points.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(index.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            c[i] = points[index[i]].clone();
        }
        return c;
    }

    /** Moves {@code centres} in place until the distortion stops falling; returns the final distortion. */
    private static double lloyd(double[][] points, double[][] centres) {
        int dims = points[0].length;
        double previous = Double.POSITIVE_INFINITY;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[][] sum = new double[centres.length][dims];
            int[] count = new int[centres.length];
            double distortion = 0;
            for (double[] p : points) {
                int c = nearest(p, centres);
                distortion += Math.sqrt(squared(p, centres[c]));
                count[c]++;
                for (int d = 0; d < dims; d++) {
                    sum[c][d] += p[d];
                }
            }
            distortion /= points.length;
            for (int c = 0; c < centres.length; c++) {
                if (count[c] > 0) {
                    for (int d = 0; d < dims; d++) {
                        centres[c][d] = sum[c][d] / count[c];
                    }
                }
            }
            if (previous - distortion <= THRESHOLD) {
                break;
            }
            previous = distortion;
        }
        return distortion(points, centres);
    }

    private static int nearest(double[] p, double[][] centres) {
        int best = 0;
        double d = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double s = squared(p, centres[c]);
            if (s < d) {
                d = s;
                best = c;
            }
        }
        return best;
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double t = a[d] - b[d];
            s += t * t;
        }
        return s;
    }
}
