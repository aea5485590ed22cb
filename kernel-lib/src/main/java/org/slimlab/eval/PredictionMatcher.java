package org.slimlab.eval;

import java.util.Arrays;

/**
 * Marks each detection of an image as a true positive at each IoU threshold, as Ultralytics'
 * {@code match_predictions}: at a threshold {@code t}, the candidate pairs are (label, detection) of the same
 * class with IoU {@code >= t}; each detection keeps its highest-IoU pair, then each label keeps the first
 * detection (in the detections' order, i.e. the highest score after NMS) that chose it.
 *
 * <p>IoU is computed in single precision with Ultralytics' epsilon and compared with the float32 thresholds,
 * so a detection with IoU exactly 0.5 counts at 0.50. Ties in IoU go to the label with the higher index.
 */
public final class PredictionMatcher {
    /** The ten thresholds 0.50:0.05:0.95, as float32 values. */
    private static final float[] THRESHOLDS = {0.5f, 0.55f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f};

    private PredictionMatcher() {
    }

    /** The IoU thresholds 0.50, 0.55, ..., 0.95 (a copy). */
    public static float[] thresholds() {
        return THRESHOLDS.clone();
    }

    /** Number of IoU thresholds. */
    public static int thresholdCount() {
        return THRESHOLDS.length;
    }

    /**
     * Matches one image.
     *
     * @return per detection a bit mask: bit {@code t} set when the detection is a true positive at threshold
     *     {@code t}
     */
    public static int[] match(Detections dets, GroundTruth gt) {
        int n = dets.size();
        int m = gt.size();
        int[] correct = new int[n];
        if (n == 0 || m == 0) {
            return correct;
        }
        int[] bestGt = new int[n];
        float[] bestIou = new float[n];
        for (int p = 0; p < n; p++) {
            bestGt[p] = -1;
            for (int g = 0; g < m; g++) {
                if (gt.cls(g) != dets.cls(p)) {
                    continue;
                }
                float iou = Boxes.iou(gt.x1(g), gt.y1(g), gt.x2(g), gt.y2(g),
                        dets.x1(p), dets.y1(p), dets.x2(p), dets.y2(p), Boxes.METRIC_EPS);
                if (bestGt[p] < 0 || iou >= bestIou[p]) {
                    bestGt[p] = g;
                    bestIou[p] = iou;
                }
            }
        }
        boolean[] taken = new boolean[m];
        for (int t = 0; t < THRESHOLDS.length; t++) {
            Arrays.fill(taken, false);
            for (int p = 0; p < n; p++) {
                int g = bestGt[p];
                if (g >= 0 && bestIou[p] >= THRESHOLDS[t] && !taken[g]) {
                    taken[g] = true;
                    correct[p] |= 1 << t;
                }
            }
        }
        return correct;
    }
}
