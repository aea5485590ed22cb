package org.slimlab.eval;

import java.util.Arrays;

/**
 * Average precision per class with the semantics of Ultralytics' {@code ap_per_class}.
 *
 * <p>Detections are sorted by confidence (descending, stable). For each class that has labels: cumulative
 * true and false positives give recall {@code tpc / (n_l + 1e-16)} and precision {@code tpc / (tpc + fpc)}; AP is
 * the 101-point trapezoidal area under the precision envelope, with sentinels recall {@code [0, ..., 1]} and
 * precision {@code [1, ..., 0]} (a perfect detector scores 0.995). Precision and recall are reported at the
 * confidence that maximises the class-mean F1 curve after a box filter of fraction 0.1. Classes with labels but
 * no detections score 0; detections of classes without labels are ignored; means run over labelled classes.
 */
public final class ApPerClass {
    /** Confidence / recall sample points of the curves. */
    static final int CURVE_POINTS = 1000;
    private static final double EPS = 1e-16;
    private static final double[] PX = CurveMath.linspace(0, 1, CURVE_POINTS);
    private static final double[] X101 = CurveMath.linspace(0, 1, 101);

    private final int[] classes;
    private final int[] instances;
    private final double[][] ap;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final double bestConfidence;
    private final MetricCurves curves;

    private ApPerClass(int[] classes, int[] instances, double[][] ap, double[] precision, double[] recall,
                       double[] f1, double bestConfidence, MetricCurves curves) {
        this.classes = classes;
        this.instances = instances;
        this.ap = ap;
        this.precision = precision;
        this.recall = recall;
        this.f1 = f1;
        this.bestConfidence = bestConfidence;
        this.curves = curves;
    }

    /**
     * Computes AP for every class with at least one label.
     *
     * @param conf              confidence of each detection
     * @param predCls           class of each detection
     * @param tp                true-positive bit mask of each detection, bit {@code t} for IoU threshold {@code t}
     * @param n                 number of detections (a prefix of the arrays)
     * @param thresholds        number of IoU thresholds in the masks
     * @param instancesPerClass label count of each class {@code 0..nc-1}
     */
    public static ApPerClass compute(float[] conf, int[] predCls, int[] tp, int n, int thresholds,
                                     int[] instancesPerClass) {
        int nc = instancesPerClass.length;
        int[] slot = new int[nc];
        int labelled = 0;
        for (int c = 0; c < nc; c++) {
            slot[c] = instancesPerClass[c] > 0 ? labelled++ : -1;
        }
        int[] classes = new int[labelled];
        int[] instances = new int[labelled];
        for (int c = 0; c < nc; c++) {
            if (slot[c] >= 0) {
                classes[slot[c]] = c;
                instances[slot[c]] = instancesPerClass[c];
            }
        }
        int[][] byClass = sortedByClass(conf, predCls, n, slot, labelled);

        double[][] ap = new double[labelled][thresholds];
        double[][] pCurve = new double[labelled][CURVE_POINTS];
        double[][] rCurve = new double[labelled][CURVE_POINTS];
        double[][] prCurve = new double[labelled][CURVE_POINTS];
        for (int k = 0; k < labelled; k++) {
            if (byClass[k].length > 0) {
                classCurves(byClass[k], conf, tp, instances[k], ap[k], pCurve[k], rCurve[k], prCurve[k]);
            }
        }
        double[][] f1Curve = new double[labelled][CURVE_POINTS];
        for (int k = 0; k < labelled; k++) {
            for (int q = 0; q < CURVE_POINTS; q++) {
                double p = pCurve[k][q];
                double r = rCurve[k][q];
                f1Curve[k][q] = 2 * p * r / (p + r + EPS);
            }
        }
        int best = labelled == 0 ? 0 : CurveMath.argmax(CurveMath.smooth(MetricCurves.mean(f1Curve, CURVE_POINTS), 0.1));
        double[] p = new double[labelled];
        double[] r = new double[labelled];
        double[] f = new double[labelled];
        for (int k = 0; k < labelled; k++) {
            p[k] = pCurve[k][best];
            r[k] = rCurve[k][best];
            f[k] = f1Curve[k][best];
        }
        MetricCurves curves = new MetricCurves(classes.clone(), PX.clone(), pCurve, rCurve, f1Curve, prCurve);
        return new ApPerClass(classes, instances, ap, p, r, f, PX[best], curves);
    }

    /** Detection indices per labelled class, in descending confidence (ties keep input order). */
    private static int[][] sortedByClass(float[] conf, int[] predCls, int n, int[] slot, int labelled) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = SortKeys.descending(conf[i], i);
        }
        Arrays.sort(keys);
        int[] counts = new int[labelled];
        for (int i = 0; i < n; i++) {
            int k = slotOf(predCls[i], slot);
            if (k >= 0) {
                counts[k]++;
            }
        }
        int[][] byClass = new int[labelled][];
        for (int k = 0; k < labelled; k++) {
            byClass[k] = new int[counts[k]];
        }
        int[] fill = new int[labelled];
        for (long key : keys) {
            int i = SortKeys.index(key);
            int k = slotOf(predCls[i], slot);
            if (k >= 0) {
                byClass[k][fill[k]++] = i;
            }
        }
        return byClass;
    }

    private static int slotOf(int cls, int[] slot) {
        return cls >= 0 && cls < slot.length ? slot[cls] : -1;
    }

    /** Fills one class's AP row and curves from its detections {@code idx} (sorted by confidence). */
    private static void classCurves(int[] idx, float[] conf, int[] tp, int labels, double[] ap,
                                    double[] pCurve, double[] rCurve, double[] prCurve) {
        int np = idx.length;
        double[] negConf = new double[np];
        for (int i = 0; i < np; i++) {
            negConf[i] = -(double) conf[idx[i]];
        }
        double[] rec = new double[np];
        double[] pre = new double[np];
        for (int t = 0; t < ap.length; t++) {
            long tpc = 0;
            double r = 0;
            for (int i = 0; i < np; i++) {
                if (((tp[idx[i]] >>> t) & 1) != 0) {
                    tpc++;
                    r = tpc / (labels + EPS);
                }
                rec[i] = r;
                pre[i] = (double) tpc / (i + 1);
            }
            if (t == 0) {
                for (int q = 0; q < CURVE_POINTS; q++) {
                    rCurve[q] = CurveMath.interp(-PX[q], negConf, rec, np, 0.0, rec[np - 1]);
                    pCurve[q] = CurveMath.interp(-PX[q], negConf, pre, np, 1.0, pre[np - 1]);
                }
            }
            ap[t] = averagePrecision(rec, pre, np, t == 0 ? prCurve : null);
        }
    }

    /**
     * Ultralytics' {@code compute_ap}: area under the precision envelope by 101-point interpolation.
     *
     * @param prOut when not null, receives the envelope interpolated at the 1000 curve points
     */
    static double averagePrecision(double[] recall, double[] precision, int n, double[] prOut) {
        double[] mrec = new double[n + 2];
        double[] mpre = new double[n + 2];
        mrec[0] = 0.0;
        mpre[0] = 1.0;
        System.arraycopy(recall, 0, mrec, 1, n);
        System.arraycopy(precision, 0, mpre, 1, n);
        mrec[n + 1] = 1.0;
        mpre[n + 1] = 0.0;
        CurveMath.envelope(mpre);
        double[] y = new double[X101.length];
        for (int q = 0; q < y.length; q++) {
            y[q] = CurveMath.interp(X101[q], mrec, mpre, n + 2, mpre[0], mpre[n + 1]);
        }
        if (prOut != null) {
            for (int q = 0; q < prOut.length; q++) {
                prOut[q] = CurveMath.interp(PX[q], mrec, mpre, n + 2, mpre[0], mpre[n + 1]);
            }
        }
        return CurveMath.trapz(y, X101);
    }

    /** The labelled classes, ascending (the rows of every per-class array). */
    public int[] classes() {
        return classes.clone();
    }

    /** Label count of each labelled class. */
    public int[] instances() {
        return instances.clone();
    }

    /** AP per labelled class and IoU threshold, {@code [classes][thresholds]}. */
    public double[][] ap() {
        double[][] c = new double[ap.length][];
        for (int k = 0; k < ap.length; k++) {
            c[k] = ap[k].clone();
        }
        return c;
    }

    /** AP at IoU 0.5 of labelled class row {@code k}. */
    public double ap50(int k) {
        return ap[k][0];
    }

    /** AP averaged over IoU 0.5:0.95 of labelled class row {@code k}. */
    public double ap50to95(int k) {
        double s = 0;
        for (double v : ap[k]) {
            s += v;
        }
        return ap[k].length == 0 ? 0 : s / ap[k].length;
    }

    /** Precision per labelled class at the best-F1 confidence. */
    public double[] precision() {
        return precision.clone();
    }

    /** Recall per labelled class at the best-F1 confidence. */
    public double[] recall() {
        return recall.clone();
    }

    /** F1 per labelled class at the best-F1 confidence. */
    public double[] f1() {
        return f1.clone();
    }

    /** The confidence where the smoothed class-mean F1 peaks. */
    public double bestConfidence() {
        return bestConfidence;
    }

    /** The curves behind these numbers. */
    public MetricCurves curves() {
        return curves;
    }

    /** Mean over labelled classes of AP at IoU 0.5 (0 when nothing is labelled). */
    public double map50() {
        return meanAt(0);
    }

    /** Mean over labelled classes of AP at IoU 0.75 (0 when nothing is labelled). */
    public double map75() {
        return meanAt(5);
    }

    /** Mean over labelled classes and IoU 0.5:0.95 of AP (0 when nothing is labelled). */
    public double map50to95() {
        double s = 0;
        for (int k = 0; k < ap.length; k++) {
            s += ap50to95(k);
        }
        return ap.length == 0 ? 0 : s / ap.length;
    }

    /** Mean precision over labelled classes. */
    public double meanPrecision() {
        return mean(precision);
    }

    /** Mean recall over labelled classes. */
    public double meanRecall() {
        return mean(recall);
    }

    private double meanAt(int t) {
        double s = 0;
        for (double[] row : ap) {
            s += t < row.length ? row[t] : 0;
        }
        return ap.length == 0 ? 0 : s / ap.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
