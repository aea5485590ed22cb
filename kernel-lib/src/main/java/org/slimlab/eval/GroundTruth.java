package org.slimlab.eval;

import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;

/**
 * The labelled objects of one image: rows {@code (cls, x1, y1, x2, y2)} in pixels. Immutable. Converters
 * take Ultralytics label rows ({@code cls cx cy w h}, normalised) and the loader's batch targets
 * ({@code imageIndex cls cx cy w h}).
 */
public final class GroundTruth {
    private static final GroundTruth EMPTY = new GroundTruth(new int[0], new float[0]);

    private final int[] cls;
    private final float[] boxes;

    GroundTruth(int[] cls, float[] boxes) {
        this.cls = cls;
        this.boxes = boxes;
    }

    /** An image without objects. */
    public static GroundTruth empty() {
        return EMPTY;
    }

    /**
     * Labels from pixel rows {@code {cls, x1, y1, x2, y2}}.
     *
     * @throws SlimException naming the first malformed row
     */
    public static GroundTruth of(float[][] rows) {
        int[] c = new int[rows.length];
        float[] b = new float[rows.length * 4];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            if (r == null || r.length != 5) {
                throw new SlimException("label row " + i + ": expected 5 values (cls, x1, y1, x2, y2), got "
                        + (r == null ? "null" : r.length));
            }
            c[i] = classOf(r[0], "label row " + i);
            System.arraycopy(r, 1, b, i * 4, 4);
        }
        return new GroundTruth(c, b);
    }

    /**
     * Labels from normalised Ultralytics rows {@code {cls, cx, cy, w, h}} of an image {@code width x height}
     * pixels.
     */
    public static GroundTruth fromNormalized(float[][] rows, int width, int height) {
        int[] c = new int[rows.length];
        float[] b = new float[rows.length * 4];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            if (r == null || r.length != 5) {
                throw new SlimException("label row " + i + ": expected 5 values (cls, cx, cy, w, h), got "
                        + (r == null ? "null" : r.length));
            }
            c[i] = classOf(r[0], "label row " + i);
            putCxcywh(b, i, r[1], r[2], r[3], r[4], width, height);
        }
        return new GroundTruth(c, b);
    }

    /**
     * Splits the loader's batch targets, rows {@code (imageIndex, cls, cx, cy, w, h)} normalised to the
     * letterboxed {@code width x height} input, into one {@code GroundTruth} per image of the batch.
     *
     * @param targets flat row-major array, 6 values per row
     * @throws SlimException naming the first row with a bad image index or class
     */
    public static List<GroundTruth> fromTargets(float[] targets, int batchSize, int width, int height) {
        if (targets.length % 6 != 0) {
            throw new SlimException("targets: expected rows of 6 values (image, cls, cx, cy, w, h), got "
                    + targets.length + " values");
        }
        int rows = targets.length / 6;
        int[] counts = new int[batchSize];
        for (int r = 0; r < rows; r++) {
            counts[imageOf(targets[r * 6], batchSize, r)]++;
        }
        int[][] cls = new int[batchSize][];
        float[][] boxes = new float[batchSize][];
        for (int i = 0; i < batchSize; i++) {
            cls[i] = new int[counts[i]];
            boxes[i] = new float[counts[i] * 4];
        }
        int[] fill = new int[batchSize];
        for (int r = 0; r < rows; r++) {
            int o = r * 6;
            int img = (int) targets[o];
            int k = fill[img]++;
            cls[img][k] = classOf(targets[o + 1], "target row " + r);
            putCxcywh(boxes[img], k, targets[o + 2], targets[o + 3], targets[o + 4], targets[o + 5], width, height);
        }
        List<GroundTruth> out = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            out.add(new GroundTruth(cls[i], boxes[i]));
        }
        return out;
    }

    private static void putCxcywh(float[] b, int i, float cx, float cy, float w, float h, int width, int height) {
        float dw = w / 2;
        float dh = h / 2;
        b[i * 4] = (cx - dw) * width;
        b[i * 4 + 1] = (cy - dh) * height;
        b[i * 4 + 2] = (cx + dw) * width;
        b[i * 4 + 3] = (cy + dh) * height;
    }

    private static int imageOf(float v, int batchSize, int row) {
        if (v < 0 || v >= batchSize || v != Math.rint(v)) {
            throw new SlimException("target row " + row + ": image index " + v + " outside the batch of " + batchSize);
        }
        return (int) v;
    }

    private static int classOf(float v, String where) {
        if (v < 0 || v != Math.rint(v)) {
            throw new SlimException(where + ": class " + v + " is not a non-negative integer");
        }
        return (int) v;
    }

    /** Number of objects. */
    public int size() {
        return cls.length;
    }

    /** Class of object {@code i}. */
    public int cls(int i) {
        return cls[i];
    }

    /** Left edge of object {@code i}. */
    public float x1(int i) {
        return boxes[i * 4];
    }

    /** Top edge of object {@code i}. */
    public float y1(int i) {
        return boxes[i * 4 + 1];
    }

    /** Right edge of object {@code i}. */
    public float x2(int i) {
        return boxes[i * 4 + 2];
    }

    /** Bottom edge of object {@code i}. */
    public float y2(int i) {
        return boxes[i * 4 + 3];
    }

    /** A copy as rows {@code {cls, x1, y1, x2, y2}}. */
    public float[][] toArray() {
        float[][] rows = new float[cls.length][];
        for (int i = 0; i < cls.length; i++) {
            rows[i] = new float[] {cls[i], x1(i), y1(i), x2(i), y2(i)};
        }
        return rows;
    }

    @Override
    public String toString() {
        return "GroundTruth[" + cls.length + "]";
    }
}
