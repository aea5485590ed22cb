package org.slimlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.slimlab.SlimException;

/**
 * Accumulates validation batches and produces {@link DetMetrics}, as Ultralytics' {@code DetectionValidator}.
 *
 * <p>A batch is the model's decoded predictions, shape {@code (N, A, 4 + nc)} (box {@code cx, cy, w, h} in
 * letterboxed pixels, then class scores), and the loader's targets, rows {@code (imageIndex, cls, cx, cy, w, h)}
 * normalised to the letterboxed {@code width x height} input. The evaluator runs {@link Nms}, matches every
 * image at IoU 0.50:0.05:0.95, feeds the confusion matrix, and times the NMS. With {@link ImageMeta} per image,
 * detections and labels are first mapped back to original pixels (as Ultralytics evaluates) and the detections
 * are collected as COCO results.
 *
 * <p>Not thread-safe.
 */
public final class DetectionEvaluator {
    private final List<String> names;
    private final int nc;
    private final Nms nms;
    private final ConfusionMatrix confusion;
    private final CocoResults coco = new CocoResults();
    private final int[] instances;
    private final int[] imagesPerClass;
    private float[] conf = new float[1024];
    private int[] cls = new int[1024];
    private int[] tp = new int[1024];
    private int count;
    private int images;
    private long nmsNanos;
    private int nmsImages;

    /** An evaluator for the given class names with validation NMS ({@link NmsConfig#val()}). */
    public DetectionEvaluator(List<String> names) {
        this(names, NmsConfig.val());
    }

    /** An evaluator for the given class names and NMS settings. */
    public DetectionEvaluator(List<String> names, NmsConfig nmsConfig) {
        if (names.isEmpty()) {
            throw new SlimException("evaluator: the dataset must name at least one class");
        }
        this.names = List.copyOf(names);
        this.nc = names.size();
        this.nms = new Nms(nmsConfig);
        this.confusion = new ConfusionMatrix(nc);
        this.instances = new int[nc];
        this.imagesPerClass = new int[nc];
    }

    /** Adds a batch evaluated in letterboxed pixels; returns the detections per image (letterboxed pixels). */
    public List<Detections> addBatch(NDArray predictions, NDArray targets, int height, int width) {
        return addBatch(predictions, targets, height, width, null);
    }

    /**
     * Adds a batch; with {@code metas} (one per image) evaluation happens in original pixels and COCO results are
     * collected.
     *
     * @return the detections per image, in letterboxed pixels (for drawing on the network input)
     * @throws SlimException when shapes, classes or image indices do not fit
     */
    public List<Detections> addBatch(NDArray predictions, NDArray targets, int height, int width,
                                     List<ImageMeta> metas) {
        Shape s = predictions.getShape();
        checkPredictionShape(s.dimension() == 3 ? s.get(2) : -1, s.toString());
        long start = System.nanoTime();
        List<Detections> dets = nms.apply(predictions);
        recordNms(start, dets.size());
        Shape ts = targets.getShape();
        if (ts.dimension() != 2 || ts.get(1) != 6) {
            throw new SlimException("evaluator: targets must have shape (M, 6) rows (image, cls, cx, cy, w, h), got " + ts);
        }
        NDArray t = targets.getDataType() == DataType.FLOAT32 ? targets : targets.toType(DataType.FLOAT32, false);
        float[] flat = t.toFloatArray();
        if (t != targets) {
            t.close();
        }
        addImages(dets, flat, height, width, metas);
        return dets;
    }

    /**
     * Adds a batch given as Java arrays: {@code predictions} row-major {@code (batch, A, 4 + nc)}, {@code targets}
     * row-major {@code (M, 6)}; {@code metas} may be null.
     *
     * @return the detections per image, in letterboxed pixels
     */
    public List<Detections> addBatch(float[] predictions, int batch, float[] targets, int height, int width,
                                     List<ImageMeta> metas) {
        int values = nc + 4;
        if (batch <= 0 || predictions.length % ((long) batch * values) != 0) {
            throw new SlimException("evaluator: " + predictions.length + " prediction values do not split into "
                    + batch + " images of rows with 4 + " + nc + " values");
        }
        int anchors = predictions.length / (batch * values);
        long start = System.nanoTime();
        List<Detections> dets = nms.apply(predictions, batch, anchors, values);
        recordNms(start, batch);
        addImages(dets, targets, height, width, metas);
        return dets;
    }

    private void addImages(List<Detections> dets, float[] targets, int height, int width, List<ImageMeta> metas) {
        int batch = dets.size();
        if (metas != null && metas.size() != batch) {
            throw new SlimException("evaluator: " + metas.size() + " image metas for a batch of " + batch);
        }
        List<GroundTruth> gts = GroundTruth.fromTargets(targets, batch, width, height);
        for (int i = 0; i < batch; i++) {
            if (metas == null) {
                add(dets.get(i), gts.get(i));
            } else {
                ImageMeta meta = metas.get(i);
                Detections d = meta.letterbox().toOriginal(dets.get(i));
                coco.add(meta.stem(), d);
                add(d, meta.letterbox().toOriginal(gts.get(i)));
            }
        }
    }

    /**
     * Adds one image whose detections (already suppressed) and labels share a pixel space.
     *
     * @throws SlimException when a class is outside {@code [0, nc)}
     */
    public void add(Detections dets, GroundTruth gt) {
        boolean[] present = new boolean[nc];
        for (int g = 0; g < gt.size(); g++) {
            int c = gt.cls(g);
            if (c >= nc) {
                throw new SlimException("evaluator: label " + g + " of image " + images + " has class " + c
                        + " but the dataset has " + nc + " classes");
            }
            instances[c]++;
            present[c] = true;
        }
        for (int c = 0; c < nc; c++) {
            if (present[c]) {
                imagesPerClass[c]++;
            }
        }
        confusion.process(dets, gt);
        int[] correct = PredictionMatcher.match(dets, gt);
        ensure(count + dets.size());
        for (int d = 0; d < dets.size(); d++) {
            conf[count] = dets.score(d);
            cls[count] = dets.cls(d);
            tp[count] = correct[d];
            count++;
        }
        images++;
    }

    /** Images added so far. */
    public int images() {
        return images;
    }

    /** COCO results of the batches added with image metas. */
    public CocoResults cocoResults() {
        return coco;
    }

    /** The metrics of everything added so far. */
    public DetMetrics result() {
        ApPerClass ap = ApPerClass.compute(conf, cls, tp, count, PredictionMatcher.thresholdCount(), instances);
        double nmsMs = nmsImages == 0 ? 0 : nmsNanos / 1e6 / nmsImages;
        return new DetMetrics(names, images, instances, imagesPerClass, ap, confusion.copy(), nmsMs);
    }

    private void checkPredictionShape(long values, String shape) {
        if (values != nc + 4) {
            throw new SlimException("evaluator: predictions must have shape (N, A, 4 + " + nc + ") for " + nc
                    + " classes, got " + shape);
        }
    }

    private void recordNms(long start, int batch) {
        nmsNanos += System.nanoTime() - start;
        nmsImages += batch;
    }

    private void ensure(int n) {
        if (n > conf.length) {
            int size = Math.max(n, conf.length * 2);
            conf = Arrays.copyOf(conf, size);
            cls = Arrays.copyOf(cls, size);
            tp = Arrays.copyOf(tp, size);
        }
    }
}
