package org.slimlab.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slimlab.model.YoloModel;

/**
 * The files of a run directory: {@code model.yaml}, {@code args.yaml}, {@code metrics.csv} and
 * {@code weights/} with {@code last.params} and {@code best.params} (EMA weights in DJL's parameter format) and
 * {@code last.ckpt} (the full training state for {@code --resume}). The model and weights paths are those
 * {@link YoloModel#load(Path)} reads.
 */
public record RunDir(Path root) {

    /**
     * A new run directory under {@code project}, named as Ultralytics' {@code increment_path} does: {@code name}
     * when it does not exist yet, else {@code name2}, {@code name3}, ...
     */
    public static Path next(Path project, String name) {
        Path p = project.resolve(name);
        for (int i = 2; Files.exists(p); i++) {
            p = project.resolve(name + i);
        }
        return p;
    }

    public Path modelYaml() {
        return root.resolve(YoloModel.MODEL_YAML);
    }

    public Path argsYaml() {
        return root.resolve("args.yaml");
    }

    public Path metricsCsv() {
        return root.resolve("metrics.csv");
    }

    public Path weights() {
        return root.resolve("weights");
    }

    /** EMA weights after the latest epoch. */
    public Path lastWeights() {
        return root.resolve(YoloModel.LAST_WEIGHTS);
    }

    /** EMA weights of the best epoch by validation fitness. */
    public Path bestWeights() {
        return root.resolve(YoloModel.BEST_WEIGHTS);
    }

    /** The training state to resume from. */
    public Path checkpoint() {
        return weights().resolve("last.ckpt");
    }
}
