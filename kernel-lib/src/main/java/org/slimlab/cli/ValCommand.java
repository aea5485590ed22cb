package org.slimlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slimlab.SlimException;
import org.slimlab.eval.DetMetrics;
import org.slimlab.train.RunDir;
import org.slimlab.train.RunValidation;
import org.slimlab.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./slim val}: validates a run directory on a dataset split; Ultralytics' per-class table, COCO json. */
@Command(name = "val", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a run: mAP50, mAP50-95, precision and recall, overall and per class.",
            "Boxes are evaluated in original image pixels, as Ultralytics does."})
public final class ValCommand implements Callable<Integer> {

    @Option(names = "--weights", required = true, paramLabel = "RUN", description = "run directory (model.yaml, weights/best.params)")
    private Path run;

    @Option(names = "--data", paramLabel = "DATA", description = "Ultralytics data yaml (default: the run's training data)")
    private Path data;

    @Option(names = "--img", defaultValue = "0", paramLabel = "PX", description = "square image side (default: the run's training size)")
    private int img;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B", description = "images per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--conf", paramLabel = "X", description = "NMS confidence threshold (default: 0.001)")
    private Double conf;

    @Option(names = "--iou", paramLabel = "X", description = "NMS IoU threshold (default: 0.6 anchor-based heads, 0.7 anchor-free)")
    private Double iou;

    @Option(names = "--split", defaultValue = "val", paramLabel = "SPLIT", description = "train, val or test (default: ${DEFAULT-VALUE})")
    private String split;

    @Option(names = "--save-json", paramLabel = "FILE", description = "write the detections as COCO results json (original pixels)")
    private Path saveJson;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W", description = "data loading threads (default: ${DEFAULT-VALUE})")
    private int workers;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu", description = "device: cpu, gpu or gpuN (default: ${DEFAULT-VALUE})")
    private String device;

    @Option(names = "--skip-bad", description = "leave bad images out instead of stopping at the first")
    private boolean skipBad;

    @Option(names = "--json", description = "print map50, map50_95, precision, recall as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        RunValidation v = RunValidation.of(run, data != null ? data : trainingData()).img(img).batch(batch).split(split)
                .workers(workers).device(device).skipBad(skipBad);
        if (conf != null) {
            v.conf(conf);
        }
        if (iou != null) {
            v.iou(iou);
        }
        RunValidation.Result r = v.run();
        DetMetrics m = r.metrics();
        PrintWriter out = command.commandLine().getOut();
        out.println("validating " + r.weights() + " on " + split + " at " + r.img() + " px");
        out.println(m.text());
        out.printf(Locale.ROOT, "Speed: %.1fms inference per image%n", r.inferenceMs());
        if (saveJson != null) {
            r.coco().write(saveJson);
            out.println("wrote " + r.coco().size() + " detections to " + saveJson);
        }
        if (json) {
            out.println(new JsonOut().put("map50", m.map50()).put("map50_95", m.map50_95())
                    .put("precision", m.precision()).put("recall", m.recall()));
        }
        out.flush();
        return 0;
    }

    /** The data yaml a run was trained on, from its args.yaml. */
    private Path trainingData() {
        Object d = TrainConfig.load(new RunDir(run).argsYaml()).toMap().get("data");
        if (!(d instanceof String s)) {
            throw new SlimException(new RunDir(run).argsYaml() + ": names no training data; give --data DATA");
        }
        return Path.of(s);
    }
}
