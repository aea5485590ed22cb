package org.slimlab.anchors;

import java.util.Locale;

/**
 * How well a set of anchors covers a set of box sizes under YOLOv5's matching rule: a box can be learnt by an
 * anchor when neither side ratio exceeds {@code anchor_t} (4 by default), i.e. when
 * {@code min(w/aw, aw/w, h/ah, ah/h) > 1/anchor_t}.
 *
 * @param bpr best possible recall: the share of boxes that at least one anchor can learn
 * @param aat anchors above threshold: anchors that can learn a box, on average per box
 * @param fitness mean over boxes of the best anchor's ratio metric, counted only above the threshold
 * @param anchors number of anchors
 */
public record AnchorStats(double bpr, double aat, double fitness, int anchors) {
    /** YOLOv5's default {@code anchor_t}: a side may be at most 4 times larger or smaller than its anchor's. */
    public static final double DEFAULT_ANCHOR_T = 4.0;

    /**
     * The statistics of {@code anchors} ({@code {w, h}} each) on {@code boxes} ({@code {w, h}} each) for
     * threshold {@code anchorT}.
     */
    public static AnchorStats of(double[][] anchors, double[][] boxes, double anchorT) {
        double thr = 1 / anchorT;
        double above = 0;
        double covered = 0;
        double fitness = 0;
        for (double[] b : boxes) {
            double best = 0;
            for (double[] a : anchors) {
                double x = ratio(b, a);
                best = Math.max(best, x);
                if (x > thr) {
                    above++;
                }
            }
            if (best > thr) {
                covered++;
                fitness += best;
            }
        }
        int n = boxes.length;
        return new AnchorStats(covered / n, above / n, fitness / n, anchors.length);
    }

    /** The ratio metric of a box and an anchor: the smallest of the four side ratios, in (0, 1]. */
    static double ratio(double[] box, double[] anchor) {
        double rw = box[0] / anchor[0];
        double rh = box[1] / anchor[1];
        return Math.min(Math.min(rw, 1 / rw), Math.min(rh, 1 / rh));
    }

    /** {@code BPR 0.9931, 3.21 anchors above threshold, fitness 0.6612 (9 anchors)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BPR %.4f, %.2f anchors above threshold, fitness %.4f (%d anchors)", bpr, aat,
                fitness, anchors);
    }
}
