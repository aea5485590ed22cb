package org.slimlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slimlab.SlimException;
import org.slimlab.slim.DistillConfig;
import org.slimlab.slim.Distillation;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.Trainer;
import org.slimlab.train.YoloDetector;
import picocli.CommandLine.Option;

/**
 * {@code slim train --teacher RUN [--kd-out W] [--kd-feat W] [--kd-feat-type cwd|mimic] [--kd-levels ROWS] [--kd-t T]
 * [--kd-parts obj=W,box=W,cls=W] [--kd-off-last N]}: knowledge distillation (see {@link Distillation}).
 */
public final class DistillOptions implements TrainExtension {

    @Option(names = "--teacher", paramLabel = "RUN",
            description = "distil from this trained run: it runs frozen, in inference mode, beside the student")
    private Path teacher;

    @Option(names = "--kd-out", paramLabel = "W",
            description = "weight of output distillation (objectness-gated box/class for anchor-based heads, class and "
                + "DFL distributions for anchor-free ones); 0 switches it off (default: " + DistillConfig.DEFAULT_OUT + ")")
    private Double out;

    @Option(names = "--kd-feat", paramLabel = "W", description = "weight of feature distillation on neck levels (default: 0, off)")
    private Double feat;

    @Option(names = "--kd-feat-type", paramLabel = "cwd|mimic",
            description = "feature loss: channel-wise distillation or mean squared error, through a learned 1x1 adapter "
                + "where widths differ (default: cwd)")
    private String featType;

    @Option(names = "--kd-levels", split = ",", paramLabel = "ROWS",
            description = "rows whose outputs are distilled, e.g. 17,20,23 (default: the inputs of each model's head)")
    private List<Integer> levels;

    @Option(names = "--kd-t", paramLabel = "T",
            description = "temperature of class logits, box distributions and CWD (default: " + DistillConfig.DEFAULT_T + ")")
    private Double temperature;

    @Option(names = "--kd-parts", paramLabel = "obj=W,box=W,cls=W",
            description = "relative weights of the parts of output distillation, e.g. box=0 to leave localisation to the "
                + "labels; box weighs the DFL distributions of anchor-free heads (default: all 1)")
    private String parts;

    @Option(names = "--kd-off-last", paramLabel = "N", description = "train the last N epochs without distillation (default: 0)")
    private Integer offLast;

    private Distillation extension() {
        if (teacher == null) {
            if (out != null || feat != null || featType != null || levels != null || temperature != null || offLast != null
                    || parts != null) {
                throw new SlimException("train: the --kd-* options need --teacher RUN");
            }
            return Distillation.off();
        }
        DistillConfig c = new DistillConfig(teacher, out == null ? DistillConfig.DEFAULT_OUT : out, feat == null ? 0 : feat,
                featType == null ? DistillConfig.FeatureType.CWD : DistillConfig.FeatureType.of(featType),
                levels == null ? new int[0] : levels.stream().mapToInt(Integer::intValue).toArray(),
                temperature == null ? DistillConfig.DEFAULT_T : temperature, offLast == null ? 0 : offLast,
                parts == null ? DistillConfig.Parts.ALL : DistillConfig.Parts.parse(parts));
        return Distillation.of(c);
    }

    @Override
    public Map<String, Object> args() {
        return extension().args();
    }

    @Override
    public void configure(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        Distillation.install(trainer, config, detector);
    }
}
