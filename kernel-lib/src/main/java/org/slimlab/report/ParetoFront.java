package org.slimlab.report;

/**
 * The Pareto front of a set of models under a cost (latency, GFLOPs: lower is better) and a score (mAP: higher
 * is better): a model is on the front when no other model is at most as costly and at least as good, and
 * strictly better in one of the two.
 */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * Which points are on the front. Points with a non-finite cost or score are never on it.
     *
     * @param cost lower is better
     * @param score higher is better, same length as {@code cost}
     */
    public static boolean[] of(double[] cost, double[] score) {
        if (cost.length != score.length) {
            throw new IllegalArgumentException(cost.length + " costs but " + score.length + " scores");
        }
        boolean[] on = new boolean[cost.length];
        for (int i = 0; i < cost.length; i++) {
            on[i] = finite(cost[i], score[i]);
            for (int j = 0; j < cost.length && on[i]; j++) {
                boolean dominates = finite(cost[j], score[j]) && cost[j] <= cost[i] && score[j] >= score[i]
                        && (cost[j] < cost[i] || score[j] > score[i]);
                on[i] = !dominates;
            }
        }
        return on;
    }

    private static boolean finite(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b);
    }
}
