package org.slimlab.eval;

/**
 * The few numeric routines average precision rests on, written to give the same numbers as their NumPy
 * counterparts: {@code linspace}, {@code interp}, {@code trapz} (with NumPy's pairwise summation), the
 * precision envelope and Ultralytics' box-filter {@code smooth}.
 */
final class CurveMath {
    private static final int PAIRWISE_BLOCK = 128;

    private CurveMath() {
    }

    /** {@code num} evenly spaced values from {@code start} to {@code stop} inclusive. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /**
     * Piecewise-linear interpolation of {@code (xp, fp)} (first {@code n} points, {@code xp} non-decreasing) at
     * {@code x}; {@code left} below {@code xp[0]}, {@code right} above {@code xp[n-1]}. Where {@code xp} repeats a
     * value, the last point of the run wins, as in NumPy.
     */
    static double interp(double x, double[] xp, double[] fp, int n, double left, double right) {
        if (x < xp[0]) {
            return left;
        }
        if (x > xp[n - 1]) {
            return right;
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x >= xp[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int j = lo - 1;
        if (j == n - 1 || xp[j] == x) {
            return fp[j];
        }
        double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        return slope * (x - xp[j]) + fp[j];
    }

    /** Trapezoidal integral of {@code y} over {@code x}, summed as NumPy sums. */
    static double trapz(double[] y, double[] x) {
        double[] terms = new double[x.length - 1];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }
        return pairwiseSum(terms, 0, terms.length);
    }

    /** NumPy's pairwise summation of {@code a[off, off + n)}. */
    static double pairwiseSum(double[] a, int off, int n) {
        if (n < 8) {
            double r = 0.0;
            for (int i = 0; i < n; i++) {
                r += a[off + i];
            }
            return r;
        }
        if (n <= PAIRWISE_BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, off, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += a[off + i + k];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
    }

    /** Replaces each value by the maximum of itself and everything after it (the precision envelope). */
    static void envelope(double[] p) {
        for (int i = p.length - 2; i >= 0; i--) {
            p[i] = Math.max(p[i], p[i + 1]);
        }
    }

    /**
     * Ultralytics' {@code smooth}: a centred box filter of {@code round(2 f len) / 2 * 2 + 1} taps, the ends
     * padded with the first and last values.
     */
    static double[] smooth(double[] y, double fraction) {
        int taps = (int) Math.rint(y.length * fraction * 2) / 2 + 1;
        int pad = taps / 2;
        double w = 1.0 / taps;
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double s = 0.0;
            for (int k = 0; k < taps; k++) {
                int j = i + k - pad;
                s += (j < 0 ? y[0] : j >= y.length ? y[y.length - 1] : y[j]) * w;
            }
            out[i] = s;
        }
        return out;
    }

    /** Index of the first maximum. */
    static int argmax(double[] y) {
        int best = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[best]) {
                best = i;
            }
        }
        return best;
    }
}
