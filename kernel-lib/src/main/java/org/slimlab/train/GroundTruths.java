package org.slimlab.train;

import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;

/** Checks batch target rows and converts them to per-image ground truths in pixels. */
final class GroundTruths {
    private GroundTruths() {
    }

    /**
     * Fails with a one-line message on a target row whose image index or class is out of range.
     *
     * @param targets rows {@code (imageIndex, cls, cx, cy, w, h)}
     */
    static void validate(float[][] targets, int batchSize, int nc) {
        for (int r = 0; r < targets.length; r++) {
            float[] t = targets[r];
            if (t.length != 6) {
                throw new SlimException("target row " + r + ": expected 6 values (image, cls, cx, cy, w, h), got "
                        + t.length);
            }
            if (t[0] < 0 || t[0] >= batchSize || t[0] != (int) t[0]) {
                throw new SlimException("target row " + r + ": image index " + t[0] + " outside 0.." + (batchSize - 1));
            }
            if (t[1] < 0 || t[1] >= nc || t[1] != (int) t[1]) {
                throw new SlimException("target row " + r + ": class " + t[1] + " outside 0.." + (nc - 1));
            }
        }
    }

    /**
     * Per image, {@code (cls, x1, y1, x2, y2)} rows in pixels, skipping boxes whose corner sum is not positive
     * (padding rows of the reference implementation).
     */
    static List<float[]> perImage(float[][] targets, int batchSize, int nc, int imgW, int imgH) {
        validate(targets, batchSize, nc);
        List<FloatList> lists = new ArrayList<>();
        for (int b = 0; b < batchSize; b++) {
            lists.add(new FloatList());
        }
        for (float[] t : targets) {
            float cx = t[2] * imgW;
            float cy = t[3] * imgH;
            float hw = t[4] * imgW / 2;
            float hh = t[5] * imgH / 2;
            float x1 = cx - hw;
            float y1 = cy - hh;
            float x2 = cx + hw;
            float y2 = cy + hh;
            if (x1 + y1 + x2 + y2 > 0) {
                lists.get((int) t[0]).add(t[1]).add(x1).add(y1).add(x2).add(y2);
            }
        }
        List<float[]> out = new ArrayList<>();
        for (FloatList l : lists) {
            out.add(l.toArray());
        }
        return out;
    }
}
