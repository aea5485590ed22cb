package org.slimlab.train;

import java.util.Arrays;

/**
 * The matches of one output level for the anchor-based loss: for match {@code m}, image {@code b[m]}, anchor
 * {@code a[m]}, cell row {@code gj[m]} and column {@code gi[m]}, class {@code cls[m]}, target box
 * {@code tbox[4m..4m+3]} (centre offset within the cell and size, grid units) and anchor size
 * {@code anchor[2m..2m+1]} (grid units).
 */
public record LevelTargets(int[] b, int[] a, int[] gj, int[] gi, int[] cls, float[] tbox, float[] anchor) {

    /** Number of matches. */
    public int size() {
        return b.length;
    }

    /** Flat row index of match {@code m} in a {@code (N, na, H, W, no)} output viewed as {@code (N*na*H*W, no)}. */
    public long flatIndex(int m, int na, int gridH, int gridW) {
        return (((long) b[m] * na + a[m]) * gridH + gj[m]) * gridW + gi[m];
    }

    /** Accumulates matches. */
    static final class Builder {
        private int n;
        private int[] b;
        private int[] a;
        private int[] gj;
        private int[] gi;
        private int[] cls;
        private float[] tbox;
        private float[] anchor;

        Builder(int capacity) {
            int c = Math.max(capacity, 4);
            b = new int[c];
            a = new int[c];
            gj = new int[c];
            gi = new int[c];
            cls = new int[c];
            tbox = new float[4 * c];
            anchor = new float[2 * c];
        }

        void add(int image, int anchorIndex, int row, int col, int cl, float tx, float ty, float tw, float th,
                float aw, float ah) {
            if (n == b.length) {
                int c = 2 * n;
                b = Arrays.copyOf(b, c);
                a = Arrays.copyOf(a, c);
                gj = Arrays.copyOf(gj, c);
                gi = Arrays.copyOf(gi, c);
                cls = Arrays.copyOf(cls, c);
                tbox = Arrays.copyOf(tbox, 4 * c);
                anchor = Arrays.copyOf(anchor, 2 * c);
            }
            b[n] = image;
            a[n] = anchorIndex;
            gj[n] = row;
            gi[n] = col;
            cls[n] = cl;
            tbox[4 * n] = tx;
            tbox[4 * n + 1] = ty;
            tbox[4 * n + 2] = tw;
            tbox[4 * n + 3] = th;
            anchor[2 * n] = aw;
            anchor[2 * n + 1] = ah;
            n++;
        }

        LevelTargets build() {
            return new LevelTargets(Arrays.copyOf(b, n), Arrays.copyOf(a, n), Arrays.copyOf(gj, n),
                    Arrays.copyOf(gi, n), Arrays.copyOf(cls, n), Arrays.copyOf(tbox, 4 * n),
                    Arrays.copyOf(anchor, 2 * n));
        }
    }
}
