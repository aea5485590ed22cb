package org.slimlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slimlab.SlimException;

/**
 * Class-aware, batched non-maximum suppression with the semantics of Ultralytics' {@code non_max_suppression}.
 *
 * <p>Input per image: {@code A} rows of {@code 4 + nc} values, a box {@code (cx, cy, w, h)} in input pixels
 * followed by per-class scores in [0, 1]. Candidates are the (box, class) pairs scoring above
 * {@link NmsConfig#conf()} (every such class in multi-label mode, else the best class only). They are taken in
 * score order (ties: lower anchor, then lower class first), at most {@link NmsConfig#maxNms()} of them; a
 * candidate is kept unless a kept box of the same class (any class when agnostic) overlaps it with IoU above
 * {@link NmsConfig#iou()}. Suppression stops once {@link NmsConfig#maxDet()} boxes are kept, which gives the
 * same result as suppressing everything and truncating, since a box's fate depends only on higher-scored boxes.
 * Classes are kept apart exactly, without the coordinate offset trick.
 *
 * <p>An instance reuses scratch buffers between images: use one per thread.
 */
public final class Nms {
    private final NmsConfig config;
    private long[] keys = new long[0];
    private float[] kept = new float[0];
    private int[][] byClass = new int[0][];
    private int[] classCount = new int[0];

    /** Suppression with the given settings. */
    public Nms(NmsConfig config) {
        this.config = config;
    }

    /** The settings. */
    public NmsConfig config() {
        return config;
    }

    /**
     * Suppresses a batch given as an NDArray of shape {@code (N, A, 4 + nc)}; copies it to Java once.
     *
     * @throws SlimException when the shape is not {@code (N, A, 4 + nc)} with {@code nc >= 1}
     */
    public List<Detections> apply(NDArray predictions) {
        Shape s = predictions.getShape();
        if (s.dimension() != 3 || s.get(2) < 5) {
            throw new SlimException("nms: predictions must have shape (N, A, 4 + nc), got " + s);
        }
        NDArray f = predictions.getDataType() == DataType.FLOAT32 ? predictions : predictions.toType(DataType.FLOAT32, false);
        float[] data = f.toFloatArray();
        if (f != predictions) {
            f.close();
        }
        return apply(data, (int) s.get(0), (int) s.get(1), (int) s.get(2));
    }

    /**
     * Suppresses a batch laid out row-major as {@code (batch, anchors, values)}, {@code values = 4 + nc}.
     *
     * @throws SlimException when the array length does not match the shape
     */
    public List<Detections> apply(float[] predictions, int batch, int anchors, int values) {
        if (values < 5 || batch < 0 || anchors < 0 || (long) batch * anchors * values != predictions.length) {
            throw new SlimException("nms: " + predictions.length + " values do not form (" + batch + ", " + anchors
                    + ", " + values + ") with 4 box values and at least one class");
        }
        List<Detections> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(applyImage(predictions, b * anchors * values, anchors, values));
        }
        return out;
    }

    /**
     * Suppresses one image whose {@code anchors x values} block starts at {@code offset}.
     *
     * @return the kept detections, score descending
     * @throws SlimException when the block does not fit the array or has no class column
     */
    public Detections applyImage(float[] predictions, int offset, int anchors, int values) {
        if (values < 5 || anchors < 0 || offset < 0 || offset + (long) anchors * values > predictions.length) {
            throw new SlimException("nms: a block of " + anchors + " x " + values + " values at " + offset
                    + " does not fit " + predictions.length + " values with 4 box values and at least one class");
        }
        int nc = values - 4;
        if ((long) anchors * nc > Integer.MAX_VALUE) {
            throw new SlimException("nms: " + anchors + " anchors x " + nc + " classes is too many candidates");
        }
        int n = collect(predictions, offset, anchors, values, nc);
        int limit = Math.min(n, config.maxNms());
        prepareKept(config.agnostic() ? 1 : nc, Math.min(limit, config.maxDet()));
        KeyHeap heap = new KeyHeap(keys, n);
        int keptCount = 0;
        for (int taken = 0; taken < limit && keptCount < config.maxDet(); taken++) {
            int idx = SortKeys.index(heap.poll());
            int anchor = idx / nc;
            int c = idx - anchor * nc;
            int base = offset + anchor * values;
            float hw = predictions[base + 2] / 2;
            float hh = predictions[base + 3] / 2;
            float x1 = predictions[base] - hw;
            float y1 = predictions[base + 1] - hh;
            float x2 = predictions[base] + hw;
            float y2 = predictions[base + 1] + hh;
            int bucket = config.agnostic() ? 0 : c;
            if (!suppressed(bucket, x1, y1, x2, y2)) {
                int o = keptCount * Detections.STRIDE;
                kept[o] = x1;
                kept[o + 1] = y1;
                kept[o + 2] = x2;
                kept[o + 3] = y2;
                kept[o + 4] = predictions[base + 4 + c];
                kept[o + 5] = c;
                addToBucket(bucket, keptCount);
                keptCount++;
            }
        }
        return keptCount == 0 ? Detections.empty()
                : new Detections(Arrays.copyOf(kept, keptCount * Detections.STRIDE), keptCount);
    }

    /** Fills {@code keys} with the candidates above the threshold; returns their number. */
    private int collect(float[] p, int offset, int anchors, int values, int nc) {
        float conf = (float) config.conf();
        boolean multi = config.multiLabel() && nc > 1;
        ensureKeys(multi ? anchors * nc : anchors);
        int n = 0;
        for (int a = 0; a < anchors; a++) {
            int s = offset + a * values + 4;
            if (multi) {
                for (int c = 0; c < nc; c++) {
                    if (p[s + c] > conf) {
                        keys[n++] = SortKeys.descending(p[s + c], a * nc + c);
                    }
                }
            } else {
                int best = 0;
                for (int c = 1; c < nc; c++) {
                    if (p[s + c] > p[s + best]) {
                        best = c;
                    }
                }
                if (p[s + best] > conf) {
                    keys[n++] = SortKeys.descending(p[s + best], a * nc + best);
                }
            }
        }
        return n;
    }

    private boolean suppressed(int bucket, float x1, float y1, float x2, float y2) {
        int[] list = byClass[bucket];
        double threshold = config.iou();
        for (int k = 0, n = classCount[bucket]; k < n; k++) {
            int o = list[k] * Detections.STRIDE;
            float ov = Boxes.iou(kept[o], kept[o + 1], kept[o + 2], kept[o + 3], x1, y1, x2, y2, 0f);
            if (ov > threshold) {
                return true;
            }
        }
        return false;
    }

    private void ensureKeys(int n) {
        if (n > keys.length) {
            keys = new long[n];
        }
    }

    private void prepareKept(int buckets, int capacity) {
        int need = capacity * Detections.STRIDE;
        if (kept.length < need) {
            kept = new float[need];
        }
        if (byClass.length < buckets) {
            byClass = Arrays.copyOf(byClass, buckets);
            classCount = new int[buckets];
        }
        Arrays.fill(classCount, 0);
    }

    private void addToBucket(int bucket, int keptIndex) {
        int[] list = byClass[bucket];
        int n = classCount[bucket];
        if (list == null || n == list.length) {
            list = list == null ? new int[16] : Arrays.copyOf(list, n * 2);
            byClass[bucket] = list;
        }
        list[n] = keptIndex;
        classCount[bucket] = n + 1;
    }
}
