package org.slimlab.eval;

import java.util.Arrays;
import org.slimlab.SlimException;

/**
 * The detections of one image: rows {@code (x1, y1, x2, y2, score, cls)} in pixels, in the order NMS kept
 * them (score descending). Immutable.
 */
public final class Detections {
    /** Values per row. */
    public static final int STRIDE = 6;

    private static final Detections EMPTY = new Detections(new float[0], 0);

    private final float[] data;
    private final int size;

    /** Wraps {@code size} rows of {@code data} without copying; callers hand over ownership. */
    Detections(float[] data, int size) {
        this.data = data;
        this.size = size;
    }

    /** No detections. */
    public static Detections empty() {
        return EMPTY;
    }

    /**
     * Detections from rows {@code {x1, y1, x2, y2, score, cls}}; the class must be a non-negative integer.
     *
     * @throws SlimException naming the first malformed row
     */
    public static Detections of(float[][] rows) {
        float[] data = new float[rows.length * STRIDE];
        for (int i = 0; i < rows.length; i++) {
            float[] r = rows[i];
            if (r == null || r.length != STRIDE) {
                throw new SlimException("detection row " + i + ": expected 6 values (x1, y1, x2, y2, score, cls), got "
                        + (r == null ? "null" : r.length));
            }
            if (r[5] < 0 || r[5] != Math.rint(r[5])) {
                throw new SlimException("detection row " + i + ": class " + r[5] + " is not a non-negative integer");
            }
            System.arraycopy(r, 0, data, i * STRIDE, STRIDE);
        }
        return new Detections(data, rows.length);
    }

    /** Number of detections. */
    public int size() {
        return size;
    }

    /** True when there are no detections. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Left edge of detection {@code i}. */
    public float x1(int i) {
        return at(i, 0);
    }

    /** Top edge of detection {@code i}. */
    public float y1(int i) {
        return at(i, 1);
    }

    /** Right edge of detection {@code i}. */
    public float x2(int i) {
        return at(i, 2);
    }

    /** Bottom edge of detection {@code i}. */
    public float y2(int i) {
        return at(i, 3);
    }

    /** Confidence of detection {@code i}. */
    public float score(int i) {
        return at(i, 4);
    }

    /** Class index of detection {@code i}. */
    public int cls(int i) {
        return (int) at(i, 5);
    }

    /** A copy of the rows, {@code size() x 6}. */
    public float[][] toArray() {
        float[][] rows = new float[size][];
        for (int i = 0; i < size; i++) {
            rows[i] = Arrays.copyOfRange(data, i * STRIDE, (i + 1) * STRIDE);
        }
        return rows;
    }

    private float at(int i, int k) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("detection " + i + " of " + size);
        }
        return data[i * STRIDE + k];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Detections[").append(size).append(']');
        for (int i = 0; i < Math.min(size, 10); i++) {
            sb.append(String.format("%n  cls %d %.3f (%.1f, %.1f, %.1f, %.1f)", cls(i), score(i), x1(i), y1(i), x2(i), y2(i)));
        }
        if (size > 10) {
            sb.append(String.format("%n  ... %d more", size - 10));
        }
        return sb.toString();
    }
}
