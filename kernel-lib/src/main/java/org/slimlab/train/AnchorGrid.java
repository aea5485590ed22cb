package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.slimlab.SlimException;

/**
 * The anchor points of an anchor-free head: one per cell of every level, at the cell centre
 * ({@code col + 0.5, row + 0.5} in grid units), levels concatenated in order, each level row-major.
 */
final class AnchorGrid {
    private final float[] points;
    private final float[] pointsPixels;
    private final float[] strides;

    private AnchorGrid(float[] points, float[] pointsPixels, float[] strides) {
        this.points = points;
        this.pointsPixels = pointsPixels;
        this.strides = strides;
    }

    /** The grid of raw outputs {@code (N, no, H, W)} per level. */
    static AnchorGrid of(NDList outputs, int[] levelStrides, int no) {
        int total = 0;
        for (int i = 0; i < outputs.size(); i++) {
            Shape s = outputs.get(i).getShape();
            if (s.dimension() != 4 || s.get(1) != no) {
                throw new SlimException("anchor-free loss: level " + i + " output has shape " + s
                        + ", expected (N, " + no + ", H, W)");
            }
            total += (int) (s.get(2) * s.get(3));
        }
        float[] pts = new float[2 * total];
        float[] px = new float[2 * total];
        float[] st = new float[total];
        int a = 0;
        for (int i = 0; i < outputs.size(); i++) {
            NDArray p = outputs.get(i);
            int h = (int) p.getShape().get(2);
            int w = (int) p.getShape().get(3);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    pts[2 * a] = x + 0.5f;
                    pts[2 * a + 1] = y + 0.5f;
                    px[2 * a] = pts[2 * a] * levelStrides[i];
                    px[2 * a + 1] = pts[2 * a + 1] * levelStrides[i];
                    st[a] = levelStrides[i];
                    a++;
                }
            }
        }
        return new AnchorGrid(pts, px, st);
    }

    int size() {
        return strides.length;
    }

    float pointX(int a) {
        return points[2 * a];
    }

    float pointY(int a) {
        return points[2 * a + 1];
    }

    float stride(int a) {
        return strides[a];
    }

    float[] pointsPixels() {
        return pointsPixels;
    }

    /**
     * Boxes {@code x1, y1, x2, y2} in pixels ({@code A x 4}) from side distances in grid units stored side-major
     * from {@code off}: {@code l} of every anchor, then {@code t}, {@code r}, {@code b}.
     */
    float[] decodePixels(float[] sides, int off) {
        int n = size();
        float[] out = new float[4 * n];
        for (int a = 0; a < n; a++) {
            float s = strides[a];
            out[4 * a] = (points[2 * a] - sides[off + a]) * s;
            out[4 * a + 1] = (points[2 * a + 1] - sides[off + n + a]) * s;
            out[4 * a + 2] = (points[2 * a] + sides[off + 2 * n + a]) * s;
            out[4 * a + 3] = (points[2 * a + 1] + sides[off + 3 * n + a]) * s;
        }
        return out;
    }
}
