package org.slimlab.slim;

/**
 * Least squares by Householder QR with column pivoting: factor an m×k matrix once, then solve
 * {@code A x = b} for many right-hand sides. Columns that depend on earlier ones get a zero
 * coefficient.
 */
final class LeastSquares {
    private static final double RANK_TOL = 1e-9;
    private final int m;
    private final int k;
    private final double[][] qr;
    private final double[] diag;
    private final int[] perm;
    private final int rank;

    LeastSquares(double[][] a, int rows, int cols) {
        m = rows;
        k = cols;
        qr = new double[m][];
        for (int i = 0; i < m; i++) {
            qr[i] = a[i].clone();
        }
        diag = new double[k];
        perm = new int[k];
        for (int j = 0; j < k; j++) {
            perm[j] = j;
        }
        int r = 0;
        for (int j = 0; j < Math.min(m, k); j++) {
            int best = j;
            double bestNorm = -1;
            for (int c = j; c < k; c++) {
                double s = 0;
                for (int i = j; i < m; i++) {
                    s += qr[i][c] * qr[i][c];
                }
                if (s > bestNorm) {
                    bestNorm = s;
                    best = c;
                }
            }
            if (bestNorm <= RANK_TOL) {
                break;
            }
            swapColumns(j, best);
            double norm = Math.sqrt(bestNorm);
            double alpha = qr[j][j] > 0 ? -norm : norm;
            double v0 = qr[j][j] - alpha;
            qr[j][j] = v0;
            double vv = v0 * v0;
            for (int i = j + 1; i < m; i++) {
                vv += qr[i][j] * qr[i][j];
            }
            for (int c = j + 1; c < k; c++) {
                double dot = 0;
                for (int i = j; i < m; i++) {
                    dot += qr[i][j] * qr[i][c];
                }
                double f = 2 * dot / vv;
                for (int i = j; i < m; i++) {
                    qr[i][c] -= f * qr[i][j];
                }
            }
            diag[j] = alpha;
            r++;
        }
        rank = r;
    }

    private void swapColumns(int a, int b) {
        if (a == b) {
            return;
        }
        for (double[] row : qr) {
            double t = row[a];
            row[a] = row[b];
            row[b] = t;
        }
        int t = perm[a];
        perm[a] = perm[b];
        perm[b] = t;
    }

    /** The least-squares solution (dependent columns get 0). */
    double[] solve(double[] b) {
        double[] y = b.clone();
        for (int j = 0; j < rank; j++) {
            double vv = 0;
            double dot = 0;
            for (int i = j; i < m; i++) {
                vv += qr[i][j] * qr[i][j];
                dot += qr[i][j] * y[i];
            }
            double f = 2 * dot / vv;
            for (int i = j; i < m; i++) {
                y[i] -= f * qr[i][j];
            }
        }
        double[] z = new double[k];
        for (int j = rank - 1; j >= 0; j--) {
            double s = y[j];
            for (int c = j + 1; c < rank; c++) {
                s -= upper(j, c) * z[c];
            }
            z[j] = s / diag[j];
        }
        double[] x = new double[k];
        for (int j = 0; j < k; j++) {
            x[perm[j]] = z[j];
        }
        return x;
    }

    private double upper(int row, int col) {
        return qr[row][col];
    }
}
