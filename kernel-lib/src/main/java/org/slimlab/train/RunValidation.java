package org.slimlab.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slimlab.SlimException;
import org.slimlab.data.DataYaml;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.eval.CocoResults;
import org.slimlab.eval.DetMetrics;
import org.slimlab.eval.NmsConfig;
import org.slimlab.model.YoloModel;

/**
 * Validates a run directory on a split of a dataset, as {@code slim val} does: the run's best weights, letterboxed
 * batches without augmentation, the head family's validation NMS, metrics in original image pixels.
 *
 * <pre>{@code
 * RunValidation.Result r = RunValidation.of(Path.of("runs/train/exp"), Path.of("data/fashion-det.yaml")).run();
 * System.out.println(r.metrics());
 * r.coco().write(Path.of("predictions.json"));
 * }</pre>
 */
public final class RunValidation {
    private final Path run;
    private final Path dataYaml;
    private int img;
    private int batch = 32;
    private Double conf;
    private Double iou;
    private String split = "val";
    private int workers = 2;
    private String device = "cpu";
    private boolean skipBad;

    private RunValidation(Path run, Path dataYaml) {
        this.run = run;
        this.dataYaml = dataYaml;
    }

    /** Validation of the run directory {@code run} on the dataset of {@code dataYaml}. */
    public static RunValidation of(Path run, Path dataYaml) {
        return new RunValidation(run, dataYaml);
    }

    /**
     * What a validation found.
     *
     * @param metrics mAP, precision, recall, per class, curves, confusion matrix
     * @param coco the detections as COCO results (original pixels, image id = file stem)
     * @param inferenceMs forward time per image in milliseconds
     * @param img the square image side the model saw
     * @param weights the weights file validated
     */
    public record Result(DetMetrics metrics, CocoResults coco, double inferenceMs, int img, Path weights) {
    }

    /** Square image side; 0 (the default) takes the run's training size from its args.yaml, else 640. */
    public RunValidation img(int px) {
        img = px;
        return this;
    }

    /** Images per batch (default 32). */
    public RunValidation batch(int n) {
        batch = n;
        return this;
    }

    /** NMS confidence threshold (default 0.001). */
    public RunValidation conf(double v) {
        conf = v;
        return this;
    }

    /** NMS IoU threshold (default 0.6 for anchor-based heads, 0.7 for anchor-free ones). */
    public RunValidation iou(double v) {
        iou = v;
        return this;
    }

    /** The split to validate on: val (default), train or test. */
    public RunValidation split(String s) {
        split = s;
        return this;
    }

    /** Data loading threads (default 2). */
    public RunValidation workers(int n) {
        workers = n;
        return this;
    }

    /** cpu (default), gpu or gpuN. */
    public RunValidation device(String d) {
        device = d;
        return this;
    }

    /** Leave bad images out instead of stopping at the first. */
    public RunValidation skipBad(boolean on) {
        skipBad = on;
        return this;
    }

    /**
     * Loads the run and the split, and validates.
     *
     * @throws SlimException naming the run, data file or argument at fault
     */
    public Result run() {
        DataYaml yaml = DataYaml.load(dataYaml);
        DetDataset data = DetDataset.load(yaml, split, skipBad);
        int side = img > 0 ? img : trainedSize();
        try (GradMode off = GradMode.off(); NDManager m = NDManager.newBaseManager(Devices.of(device));
                DetLoader loader = DetLoader.builder(data).imgSize(side).batchSize(batch).workers(workers).build()) {
            YoloModel model = YoloModel.load(run, m);
            if (model.nc() != yaml.nc()) {
                throw new SlimException(run + ": the model detects " + model.nc() + " classes but " + yaml.file()
                        + " has " + yaml.nc());
            }
            NmsConfig nms = DetectionValidator.nmsFor(YoloDetector.headSpec(model.head()).kind());
            nms = conf == null ? nms : nms.withConf(conf);
            nms = iou == null ? nms : nms.withIou(iou);
            DetectionValidator v = new DetectionValidator(loader, yaml.names(), nms);
            v.validate(model, 0);
            return new Result(v.lastMetrics(), v.lastCocoResults(), v.lastInferenceMs(), side, YoloModel.weightsOf(run));
        }
    }

    private int trainedSize() {
        Path args = new RunDir(run).argsYaml();
        return Files.isRegularFile(args) ? TrainConfig.load(args).imgSize() : 640;
    }
}
