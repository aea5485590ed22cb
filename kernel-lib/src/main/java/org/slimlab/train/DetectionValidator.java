package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;
import org.slimlab.data.DetBatch;
import org.slimlab.data.DetLoader;
import org.slimlab.data.Letterbox;
import org.slimlab.eval.CocoResults;
import org.slimlab.eval.DetMetrics;
import org.slimlab.eval.DetectionEvaluator;
import org.slimlab.eval.ImageMeta;
import org.slimlab.eval.LetterboxMap;
import org.slimlab.eval.NmsConfig;
import org.slimlab.model.YoloModel;

/**
 * Validation of a {@link YoloModel} on a loader's batches, as Ultralytics validates: decoded predictions go through
 * the evaluator's NMS, then predictions and labels are mapped back to the original image pixels (the loader's
 * letterbox of each image) and matched there. The result carries precision, recall, mAP50 and mAP50-95 and the
 * Ultralytics fitness; the full metrics, the COCO results (original pixels, image id = file stem) and the
 * inference time stay available until the next validation.
 */
public final class DetectionValidator implements Validator {
    private final DetLoader loader;
    private final List<String> names;
    private final NmsConfig nms;
    private DetMetrics last;
    private CocoResults coco;
    private double inferenceMs;

    /**
     * A validator with the YOLOv8 validation NMS ({@link NmsConfig#val()}).
     *
     * @param loader validation batches (not shuffled, not augmented)
     * @param names class names
     */
    public DetectionValidator(DetLoader loader, List<String> names) {
        this(loader, names, NmsConfig.val());
    }

    /**
     * @param loader validation batches (not shuffled, not augmented)
     * @param names class names
     * @param nms suppression settings ({@link #nmsFor(HeadSpec.Kind)} gives the family's validation settings)
     */
    public DetectionValidator(DetLoader loader, List<String> names, NmsConfig nms) {
        this.loader = loader;
        this.names = List.copyOf(names);
        this.nms = nms;
    }

    /**
     * The validation NMS of a head's family: IoU 0.6 for anchor-based heads (YOLOv5/v7), 0.7 for anchor-free ones
     * (YOLOv8); confidence 0.001, multi-label, 300 detections.
     */
    public static NmsConfig nmsFor(HeadSpec.Kind head) {
        return head == HeadSpec.Kind.ANCHOR_BASED ? NmsConfig.valV5() : NmsConfig.val();
    }

    /** The full metrics of the latest validation (per class, curves), or null before the first. */
    public DetMetrics lastMetrics() {
        return last;
    }

    /** The detections of the latest validation as COCO results, or null before the first. */
    public CocoResults lastCocoResults() {
        return coco;
    }

    /**
     * Forward time per image of the latest validation, in milliseconds (decoding included, NMS not; on a GPU the
     * time of launching the work).
     */
    public double lastInferenceMs() {
        return inferenceMs;
    }

    @Override
    public Validation validate(Block model, int epoch) {
        if (!(model instanceof YoloModel yolo)) {
            throw new SlimException("validation: expected a YOLO model, got " + model.getClass().getSimpleName());
        }
        DetectionEvaluator evaluator = new DetectionEvaluator(names, nms);
        NDArray any = model.getParameters().get(0).getValue().getArray();
        long forwardNanos = 0;
        try (NDManager m = NDManager.newBaseManager(any.getDevice())) {
            ParameterStore ps = new ParameterStore(m, false);
            loader.setEpoch(0);
            for (DetBatch b : loader) {
                try (NDManager step = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDList raw = yolo.forward(ps, new NDList(b.imagesArray(step)), false);
                    NDArray decoded = yolo.head().decode(raw);
                    forwardNanos += System.nanoTime() - t0;
                    evaluator.addBatch(decoded, b.targetsArray(step), b.h(), b.w(), metas(b));
                }
            }
        }
        last = evaluator.result();
        coco = evaluator.cocoResults();
        inferenceMs = evaluator.images() == 0 ? 0 : forwardNanos / 1e6 / evaluator.images();
        return Validation.detection(last.precision(), last.recall(), last.map50(), last.map50_95());
    }

    /** Each image's file stem and the map from its letterboxed batch pixels back to its original pixels. */
    private static List<ImageMeta> metas(DetBatch b) {
        List<ImageMeta> out = new ArrayList<>(b.n());
        for (org.slimlab.data.ImageMeta m : b.meta()) {
            out.add(evalMeta(m));
        }
        return out;
    }

    /** One loader image's file stem and letterbox map, as the evaluator takes them. */
    static ImageMeta evalMeta(org.slimlab.data.ImageMeta m) {
        Letterbox lb = m.letterbox();
        String file = m.path().getFileName().toString();
        int dot = file.lastIndexOf('.');
        return new ImageMeta(dot > 0 ? file.substring(0, dot) : file,
                new LetterboxMap(m.w0(), m.h0(), lb.ratio(), lb.padX(), lb.padY()));
    }
}
