package org.slimlab.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slimlab.SlimException;

/**
 * The detection confusion matrix of Ultralytics' {@code ConfusionMatrix}: {@code (nc + 1) x (nc + 1)} counts,
 * rows the predicted class, columns the true class, the last row and column "background".
 *
 * <p>Per image, detections scoring above {@code conf} (default 0.25) are matched to labels regardless of class
 * where IoU is above {@code iou} (default 0.45): each detection keeps its best label, then each label its best
 * detection. A matched pair counts at (predicted class, true class); an unmatched label counts as background
 * predicted (last row); an unmatched detection counts as background truth (last column). Unmatched detections
 * always count, also in images where nothing matched.
 */
public final class ConfusionMatrix {
    private final int nc;
    private final double conf;
    private final double iou;
    private final long[][] counts;

    /** A matrix for {@code nc} classes with Ultralytics' thresholds, conf 0.25 and IoU 0.45. */
    public ConfusionMatrix(int nc) {
        this(nc, 0.25, 0.45);
    }

    /** A matrix for {@code nc} classes with the given thresholds. */
    public ConfusionMatrix(int nc, double conf, double iou) {
        if (nc < 1) {
            throw new SlimException("confusion matrix: need at least one class, got " + nc);
        }
        this.nc = nc;
        this.conf = conf;
        this.iou = iou;
        this.counts = new long[nc + 1][nc + 1];
    }

    /** An independent copy of this matrix. */
    ConfusionMatrix copy() {
        ConfusionMatrix c = new ConfusionMatrix(nc, conf, iou);
        for (int i = 0; i <= nc; i++) {
            System.arraycopy(counts[i], 0, c.counts[i], 0, nc + 1);
        }
        return c;
    }

    /** Number of classes (the matrix has one more row and column). */
    public int nc() {
        return nc;
    }

    /**
     * Adds one image.
     *
     * @throws SlimException when a class is outside {@code [0, nc)}
     */
    public void process(Detections dets, GroundTruth gt) {
        float confF = (float) conf;
        int[] keep = new int[dets.size()];
        int n = 0;
        for (int d = 0; d < dets.size(); d++) {
            if (dets.score(d) > confF) {
                checkClass(dets.cls(d), "detection " + d);
                keep[n++] = d;
            }
        }
        int m = gt.size();
        for (int g = 0; g < m; g++) {
            checkClass(gt.cls(g), "label " + g);
        }
        int[] detGt = new int[n];
        float[] detIou = new float[n];
        float iouF = (float) iou;
        for (int k = 0; k < n; k++) {
            int d = keep[k];
            detGt[k] = -1;
            for (int g = 0; g < m; g++) {
                float v = Boxes.iou(gt.x1(g), gt.y1(g), gt.x2(g), gt.y2(g),
                        dets.x1(d), dets.y1(d), dets.x2(d), dets.y2(d), Boxes.METRIC_EPS);
                if (v > iouF && (detGt[k] < 0 || v >= detIou[k])) {
                    detGt[k] = g;
                    detIou[k] = v;
                }
            }
        }
        int[] gtDet = new int[m];
        Arrays.fill(gtDet, -1);
        for (int k = 0; k < n; k++) {
            int g = detGt[k];
            if (g >= 0 && (gtDet[g] < 0 || detIou[k] >= detIou[gtDet[g]])) {
                gtDet[g] = k;
            }
        }
        boolean[] matched = new boolean[n];
        for (int g = 0; g < m; g++) {
            int k = gtDet[g];
            if (k >= 0) {
                matched[k] = true;
                counts[dets.cls(keep[k])][gt.cls(g)]++;
            } else {
                counts[nc][gt.cls(g)]++;
            }
        }
        for (int k = 0; k < n; k++) {
            if (!matched[k]) {
                counts[dets.cls(keep[k])][nc]++;
            }
        }
    }

    private void checkClass(int c, String what) {
        if (c < 0 || c >= nc) {
            throw new SlimException("confusion matrix: " + what + " has class " + c + " outside [0, " + nc + ")");
        }
    }

    /** The counts, {@code [predicted][true]}, a copy. */
    public long[][] counts() {
        long[][] c = new long[nc + 1][];
        for (int i = 0; i <= nc; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    /** Each column divided by its sum (plus 1e-9): the share of each true class that went to each prediction. */
    public double[][] normalized() {
        double[][] out = new double[nc + 1][nc + 1];
        for (int j = 0; j <= nc; j++) {
            double sum = 0;
            for (int i = 0; i <= nc; i++) {
                sum += counts[i][j];
            }
            for (int i = 0; i <= nc; i++) {
                out[i][j] = counts[i][j] / (sum + 1e-9);
            }
        }
        return out;
    }

    /** Correct detections per class (the diagonal without background). */
    public long[] truePositives() {
        long[] tp = new long[nc];
        for (int c = 0; c < nc; c++) {
            tp[c] = counts[c][c];
        }
        return tp;
    }

    /** Wrong detections per predicted class (row sum minus the diagonal, without background). */
    public long[] falsePositives() {
        long[] fp = new long[nc];
        for (int c = 0; c < nc; c++) {
            long s = 0;
            for (int j = 0; j <= nc; j++) {
                s += counts[c][j];
            }
            fp[c] = s - counts[c][c];
        }
        return fp;
    }

    /** The counts as a text grid with class names (and "background") on both axes. */
    public String text(List<String> names) {
        String[] labels = EvalLabels.withBackground(names, nc);
        int w = 10;
        for (String s : labels) {
            w = Math.max(w, s.length() + 1);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%" + w + "s", "pred\\true"));
        for (String s : labels) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s", s));
        }
        for (int i = 0; i <= nc; i++) {
            sb.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%" + w + "s", labels[i]));
            for (int j = 0; j <= nc; j++) {
                sb.append(String.format(Locale.ROOT, "%" + w + "d", counts[i][j]));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text(List.of());
    }
}
