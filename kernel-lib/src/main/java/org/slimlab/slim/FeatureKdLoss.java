package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;
import org.slimlab.train.ExtraLoss;
import org.slimlab.train.StepInfo;
import org.slimlab.train.TrainBatch;

/**
 * The feature-distillation term {@code kd_feat}: on each distilled level, the student's feature map goes through
 * its {@link FeatureAdapters adapter} to the teacher's width and is compared by {@link FeatureKd} (CWD or mimic);
 * {@code weight ×} the sum over levels; 0 in the epochs where distillation is off. The student's
 * features are read from the trainer's own forward pass through a feature tap on the student model.
 */
public final class FeatureKdLoss implements ExtraLoss {
    /** Column name in {@code metrics.csv} ({@code train/kd_feat}). */
    public static final String NAME = "kd_feat";

    private final Teacher teacher;
    private final DistillConfig config;
    private FeatureAdapters adapters;
    private ParameterStore store;
    private NDList studentFeatures;

    public FeatureKdLoss(Teacher teacher, DistillConfig config) {
        this.teacher = teacher;
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Loads the teacher, taps the student's levels and creates the adapters from the student's widths to the
     * teacher's.
     *
     * @throws SlimException when the student is not a YOLO model or the levels do not pair up
     */
    @Override
    public void attach(Block student, NDManager manager) {
        if (!(student instanceof YoloModel s)) {
            throw new SlimException("feature distillation needs a YOLO model as student, got "
                    + student.getClass().getSimpleName());
        }
        YoloModel t = teacher.load(manager);
        int[] levels = config.levels();
        int[] sRows = levels.length == 0 ? s.headInputs() : levels;
        int[] tRows = levels.length == 0 ? t.headInputs() : levels;
        if (sRows.length != tRows.length) {
            throw new SlimException("feature distillation: the student's head reads " + sRows.length
                    + " levels, the teacher's " + tRows.length + "; choose levels with --kd-levels");
        }
        adapters = adapters(s, sRows, t, tRows).initialize(manager);
        store = new ParameterStore(manager, false);
        teacher.featureRows(tRows);
        s.setFeatureTap(sRows, f -> studentFeatures = f);
    }

    /** The adapters from the student's rows to the teacher's rows (not initialised). */
    public static FeatureAdapters adapters(YoloModel student, int[] studentRows, YoloModel teacher, int[] teacherRows) {
        int[] sc = new int[studentRows.length];
        int[] tc = new int[teacherRows.length];
        for (int l = 0; l < sc.length; l++) {
            sc[l] = student.outChannels(studentRows[l]);
            tc[l] = teacher.outChannels(teacherRows[l]);
        }
        return new FeatureAdapters(sc, tc);
    }

    /** The adapters, or null when every level's widths already agree (nothing to train). */
    @Override
    public Block trainable() {
        for (int l = 0; adapters != null && l < adapters.levels(); l++) {
            if (adapters.adapts(l)) {
                return adapters;
            }
        }
        return null;
    }

    @Override
    public NDArray compute(NDArray images, NDList outputs, TrainBatch batch, StepInfo step) {
        NDList features = studentFeatures;
        studentFeatures = null;
        if (config.offAt(step.epoch(), step.epochs())) {
            return images.getManager().zeros(new Shape());
        }
        if (features == null) {
            throw new IllegalStateException("no student features: the student was not run through its forward");
        }
        NDList t = teacher.outputs(images).features();
        NDArray total = null;
        for (int l = 0; l < features.size(); l++) {
            NDArray s = adapters.adapt(store, l, features.get(l), true);
            NDArray term = FeatureKd.loss(config.featType(), s, t.get(l), config.temperature());
            total = total == null ? term : total.add(term);
        }
        return total.mul((float) config.featWeight());
    }
}
