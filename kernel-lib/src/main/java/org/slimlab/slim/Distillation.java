package org.slimlab.slim;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.train.HeadSpec;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.Trainer;
import org.slimlab.train.YoloDetector;

/**
 * Knowledge distillation as a {@link TrainExtension}: records the {@link DistillConfig} in {@code args.yaml} and
 * installs, from the run's arguments (so a resumed run distils the same way), one frozen {@link Teacher} shared by
 * an {@link OutputKdLoss} ({@code train/kd_out}) and a {@link FeatureKdLoss} ({@code train/kd_feat}), each only when
 * its weight is positive.
 *
 * <pre>{@code
 * DetectionTraining.fromConfig("yolov5n", null).data(data).config(cfg)
 *         .extension(Distillation.of(DistillConfig.of(teacherRun).withFeat(1, DistillConfig.FeatureType.CWD))) ...
 * }</pre>
 */
public final class Distillation implements TrainExtension {
    /** Batches between purges of the allocator's unused pages while feature distillation runs. */
    static final int FEATURE_RELEASE_BATCHES = 25;

    private final DistillConfig config;

    private Distillation(DistillConfig config) {
        this.config = config;
    }

    /** Distillation with these settings. */
    public static Distillation of(DistillConfig config) {
        return new Distillation(config.requireActive());
    }

    /** Nothing: for runs without a teacher (nothing recorded, nothing installed). */
    public static Distillation off() {
        return new Distillation(null);
    }

    @Override
    public Map<String, Object> args() {
        return config == null ? Map.of() : config.toArgs();
    }

    @Override
    public void configure(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        install(trainer, config, detector);
    }

    /**
     * Installs the terms the run's arguments ask for (nothing when they name no {@code teacher}).
     *
     * @throws SlimException when the teacher run is missing, detects other classes than the data, or (for output
     *     distillation) has a head the student's outputs cannot be compared with
     */
    public static void install(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        DistillConfig kd = DistillConfig.fromArgs(config.toMap());
        if (kd == null) {
            return;
        }
        kd.requireActive();
        if (kd.offLast() >= config.epochs()) {
            throw new SlimException("argument 'kd_off_last': " + kd.offLast() + " leaves none of the " + config.epochs()
                    + " epochs distilled");
        }
        HeadSpec studentHead = detector.head();
        HeadSpec teacherHead = teacherHead(kd, config, studentHead.nc());
        Teacher teacher = new Teacher(kd.teacher());
        if (kd.outWeight() > 0) {
            checkComparable(kd, studentHead, teacherHead);
            trainer.extraLoss(new OutputKdLoss(teacher, studentHead, kd));
        }
        if (kd.featWeight() > 0) {
            trainer.extraLoss(new FeatureKdLoss(teacher, kd));
            // jemalloc keeps what feature distillation frees without reusing it (bench/README.md)
            trainer.releaseNativeMemoryEvery(FEATURE_RELEASE_BATCHES);
        }
    }

    private static HeadSpec teacherHead(DistillConfig kd, TrainConfig config, int nc) {
        if (!Files.isDirectory(kd.teacher())) {
            throw new SlimException("teacher " + kd.teacher() + ": no such run directory");
        }
        ModelSpec spec = ModelSpec.loadRun(kd.teacher());
        if (spec.nc() != nc) {
            Object data = config.toMap().get("data");
            throw new SlimException("teacher " + kd.teacher() + " detects " + spec.nc() + " classes but "
                    + (data == null ? "the student" : "the data " + data) + " has " + nc);
        }
        return new YoloDetector(spec).head();
    }

    private static void checkComparable(DistillConfig kd, HeadSpec student, HeadSpec teacher) {
        String why = null;
        if (student.kind() != teacher.kind()) {
            why = "an " + name(teacher.kind()) + " head, the student an " + name(student.kind()) + " one";
        } else if (!Arrays.equals(student.strides(), teacher.strides())) {
            why = "strides " + Arrays.toString(teacher.strides()) + ", the student " + Arrays.toString(student.strides());
        } else if (!Arrays.deepEquals(student.anchors(), teacher.anchors())) {
            why = "other anchors than the student";
        } else if (student.regMax() != teacher.regMax()) {
            why = "reg_max " + teacher.regMax() + ", the student " + student.regMax();
        }
        if (why != null) {
            throw new SlimException("teacher " + kd.teacher() + " has " + why + ": output distillation needs matching "
                    + "heads (use feature distillation only: --kd-out 0 --kd-feat W)");
        }
    }

    private static String name(HeadSpec.Kind kind) {
        return kind == HeadSpec.Kind.ANCHOR_BASED ? "anchor-based" : "anchor-free";
    }
}
