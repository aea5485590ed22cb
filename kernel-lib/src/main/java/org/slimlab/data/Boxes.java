package org.slimlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Boxes in pixels, one row {@code {cls, x1, y1, x2, y2}} per object, and their transforms: affine map, clipping,
 * flips and the degenerate-box filter.
 */
final class Boxes {
    /** Minimum side in pixels after a transform (Ultralytics' wh_thr). */
    static final double MIN_SIDE = 2;
    /** Minimum kept area fraction after a transform (area_thr). */
    static final double MIN_AREA_FRACTION = 0.10;
    /** Maximum aspect ratio after a transform (ar_thr). */
    static final double MAX_ASPECT = 100;

    private Boxes() {
    }

    /** Pixel boxes of labels normalised to a {@code w x h} region placed at (padX, padY). */
    static float[][] fromLabels(List<YoloLabel> labels, double w, double h, double padX, double padY) {
        float[][] out = new float[labels.size()][];
        for (int i = 0; i < out.length; i++) {
            YoloLabel l = labels.get(i);
            out[i] = new float[] {l.cls(),
                (float) ((l.cx() - l.w() / 2) * w + padX), (float) ((l.cy() - l.h() / 2) * h + padY),
                (float) ((l.cx() + l.w() / 2) * w + padX), (float) ((l.cy() + l.h() / 2) * h + padY)};
        }
        return out;
    }

    /** Clips every box to {@code [0, width] x [0, height]} in place. */
    static void clip(float[][] boxes, int width, int height) {
        for (float[] b : boxes) {
            b[1] = Math.min(Math.max(b[1], 0), width);
            b[2] = Math.min(Math.max(b[2], 0), height);
            b[3] = Math.min(Math.max(b[3], 0), width);
            b[4] = Math.min(Math.max(b[4], 0), height);
        }
    }

    /**
     * Maps boxes through {@code m} (enclosing box of the four mapped corners), clips them to the output and keeps
     * those that stay boxes (see {@link #candidate}); {@code gain} is the transform's scale factor.
     */
    static float[][] transform(float[][] boxes, Affine m, int width, int height, double gain) {
        List<float[]> out = new ArrayList<>();
        for (float[] b : boxes) {
            double[] xs = {m.x(b[1], b[2]), m.x(b[3], b[2]), m.x(b[1], b[4]), m.x(b[3], b[4])};
            double[] ys = {m.y(b[1], b[2]), m.y(b[3], b[2]), m.y(b[1], b[4]), m.y(b[3], b[4])};
            float[] n = {b[0], (float) min(xs), (float) min(ys), (float) max(xs), (float) max(ys)};
            clip(new float[][] {n}, width, height);
            if (candidate((b[3] - b[1]) * gain, (b[4] - b[2]) * gain, n[3] - n[1], n[4] - n[2])) {
                out.add(n);
            }
        }
        return out.toArray(new float[0][]);
    }

    /**
     * Ultralytics' box_candidates: a box of {@code w1 x h1} (before, scaled) that became {@code w2 x h2} is kept if
     * both sides exceed {@link #MIN_SIDE} px, it keeps over {@link #MIN_AREA_FRACTION} of its area and its aspect
     * ratio stays under {@link #MAX_ASPECT}.
     */
    static boolean candidate(double w1, double h1, double w2, double h2) {
        double eps = 1e-16;
        double aspect = Math.max(w2 / (h2 + eps), h2 / (w2 + eps));
        return w2 > MIN_SIDE && h2 > MIN_SIDE && w2 * h2 / (w1 * h1 + eps) > MIN_AREA_FRACTION && aspect < MAX_ASPECT;
    }

    /** Mirrors boxes left-right in an image {@code width} wide, in place. */
    static void flipHorizontal(float[][] boxes, int width) {
        for (float[] b : boxes) {
            float x1 = width - b[3];
            b[3] = width - b[1];
            b[1] = x1;
        }
    }

    /** Mirrors boxes top-bottom in an image {@code height} tall, in place. */
    static void flipVertical(float[][] boxes, int height) {
        for (float[] b : boxes) {
            float y1 = height - b[4];
            b[4] = height - b[2];
            b[2] = y1;
        }
    }

    private static double min(double[] v) {
        return Math.min(Math.min(v[0], v[1]), Math.min(v[2], v[3]));
    }

    private static double max(double[] v) {
        return Math.max(Math.max(v[0], v[1]), Math.max(v[2], v[3]));
    }
}
