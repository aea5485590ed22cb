package org.slimlab.train;

import java.util.Arrays;

/**
 * The task-aligned label assigner of YOLOv8 (TOOD), for one image, on detached host copies.
 *
 * <p>For every ground truth {@code g} and anchor point {@code a} whose centre lies inside {@code g}, the
 * alignment metric is {@code s^alpha * u^beta} with {@code s} the predicted score of {@code g}'s class and
 * {@code u} the CIoU (clamped at zero) of the predicted box with {@code g}. The {@code topk} anchors with the
 * largest metric (ties: lower anchor index first) inside each ground truth become its candidates. An anchor
 * claimed by several ground truths goes to the one it overlaps most. The target score of a positive anchor is
 * its metric normalised per ground truth: {@code metric * maxIoU(g) / maxMetric(g)}.
 */
public final class TaskAlignedAssigner {
    private static final float EPS = 1e-9f;

    private final int topk;
    private final float alpha;
    private final float beta;

    /** The reference settings: {@code topk 10, alpha 0.5, beta 6.0}. */
    public TaskAlignedAssigner() {
        this(10, 0.5f, 6.0f);
    }

    public TaskAlignedAssigner(int topk, float alpha, float beta) {
        this.topk = topk;
        this.alpha = alpha;
        this.beta = beta;
    }

    /**
     * Assigns the ground truths of one image.
     *
     * @param scores predicted class probabilities, {@code nc x A}, class-major (the head's channel layout)
     * @param boxes predicted boxes {@code x1, y1, x2, y2} in pixels, {@code A x 4}
     * @param points anchor points {@code x, y} in pixels, {@code A x 2}
     * @param nc number of classes
     * @param gtCls class of each ground truth
     * @param gtBoxes ground-truth boxes {@code x1, y1, x2, y2} in pixels, {@code G x 4}
     */
    public Assignment assign(float[] scores, float[] boxes, float[] points, int nc, int[] gtCls, float[] gtBoxes) {
        int na = points.length / 2;
        int ng = gtCls.length;
        boolean[] fg = new boolean[na];
        int[] target = new int[na];
        float[] score = new float[na];
        if (ng == 0) {
            return new Assignment(fg, target, score);
        }
        float[][] overlaps = new float[ng][na];
        float[][] metric = new float[ng][na];
        boolean[][] pos = new boolean[ng][na];
        for (int g = 0; g < ng; g++) {
            int[] inside = new int[na];
            int count = 0;
            for (int a = 0; a < na; a++) {
                if (inside(points, a, gtBoxes, g)) {
                    float u = Math.max(BoxIou.ciouXyxy(gtBoxes, 4 * g, boxes, 4 * a), 0f);
                    float s = scores[gtCls[g] * na + a];
                    overlaps[g][a] = u;
                    metric[g][a] = (float) (Math.pow(s, alpha) * Math.pow(u, beta));
                    inside[count++] = a;
                }
            }
            for (int a : topK(metric[g], inside, count)) {
                pos[g][a] = true;
            }
        }
        for (int a = 0; a < na; a++) {
            int claims = 0;
            for (int g = 0; g < ng; g++) {
                claims += pos[g][a] ? 1 : 0;
            }
            if (claims > 1) {
                int best = 0;
                for (int g = 1; g < ng; g++) {
                    if (overlaps[g][a] > overlaps[best][a]) {
                        best = g;
                    }
                }
                for (int g = 0; g < ng; g++) {
                    pos[g][a] = g == best;
                }
            }
            for (int g = 0; g < ng; g++) {
                if (pos[g][a]) {
                    fg[a] = true;
                    target[a] = g;
                    break;
                }
            }
        }
        float[] maxMetric = new float[ng];
        float[] maxOverlap = new float[ng];
        for (int g = 0; g < ng; g++) {
            for (int a = 0; a < na; a++) {
                if (pos[g][a]) {
                    maxMetric[g] = Math.max(maxMetric[g], metric[g][a]);
                    maxOverlap[g] = Math.max(maxOverlap[g], overlaps[g][a]);
                }
            }
        }
        for (int a = 0; a < na; a++) {
            if (fg[a]) {
                int g = target[a];
                score[a] = metric[g][a] * maxOverlap[g] / (maxMetric[g] + EPS);
            }
        }
        return new Assignment(fg, target, score);
    }

    private static boolean inside(float[] points, int a, float[] gt, int g) {
        float x = points[2 * a];
        float y = points[2 * a + 1];
        float d = Math.min(Math.min(x - gt[4 * g], y - gt[4 * g + 1]), Math.min(gt[4 * g + 2] - x, gt[4 * g + 3] - y));
        return d > EPS;
    }

    private int[] topK(float[] metric, int[] candidates, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = candidates[i];
        }
        Arrays.sort(order, (p, q) -> metric[p] != metric[q] ? Float.compare(metric[q], metric[p]) : Integer.compare(p, q));
        int k = Math.min(topk, count);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /**
     * The assignment of one image.
     *
     * @param foreground whether each anchor is positive
     * @param target the ground-truth index of each positive anchor (0 for background anchors)
     * @param score the normalised alignment metric of each positive anchor (0 for background anchors), the
     *     target value of its class
     */
    public record Assignment(boolean[] foreground, int[] target, float[] score) {

        /** Number of positive anchors. */
        public int positives() {
            int n = 0;
            for (boolean f : foreground) {
                n += f ? 1 : 0;
            }
            return n;
        }
    }
}
