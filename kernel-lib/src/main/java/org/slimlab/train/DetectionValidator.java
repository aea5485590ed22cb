package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.slimlab.SlimException;
import org.slimlab.data.DetBatch;
import org.slimlab.data.DetLoader;
import org.slimlab.eval.DetMetrics;
import org.slimlab.eval.DetectionEvaluator;
import org.slimlab.model.YoloModel;

/**
 * Validation of a {@link YoloModel} on a loader's batches: decoded predictions go through the evaluator's NMS
 * and matching; the result carries precision, recall, mAP50 and mAP50-95 and the Ultralytics fitness.
 */
public final class DetectionValidator implements Validator {
    private final DetLoader loader;
    private final List<String> names;
    private DetMetrics last;

    /**
     * @param loader validation batches (not shuffled, not augmented)
     * @param names class names
     */
    public DetectionValidator(DetLoader loader, List<String> names) {
        this.loader = loader;
        this.names = List.copyOf(names);
    }

    /** The full metrics of the latest validation (per class, curves), or null before the first. */
    public DetMetrics lastMetrics() {
        return last;
    }

    @Override
    public Validation validate(Block model, int epoch) {
        if (!(model instanceof YoloModel yolo)) {
            throw new SlimException("validation: expected a YOLO model, got " + model.getClass().getSimpleName());
        }
        DetectionEvaluator evaluator = new DetectionEvaluator(names);
        NDArray any = model.getParameters().get(0).getValue().getArray();
        try (NDManager m = NDManager.newBaseManager(any.getDevice())) {
            ParameterStore ps = new ParameterStore(m, false);
            loader.setEpoch(0);
            for (DetBatch b : loader) {
                try (NDManager step = m.newSubManager()) {
                    NDList raw = yolo.forward(ps, new NDList(b.imagesArray(step)), false);
                    evaluator.addBatch(yolo.head().decode(raw), b.targetsArray(step), b.h(), b.w());
                }
            }
        }
        last = evaluator.result();
        return Validation.detection(last.precision(), last.recall(), last.map50(), last.map50_95());
    }
}
