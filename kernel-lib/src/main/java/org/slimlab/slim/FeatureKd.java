package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import org.slimlab.SlimException;

/**
 * Feature distillation between a student's (adapted) feature map and its teacher's, both {@code (N, C, H, W)}.
 */
public final class FeatureKd {
    private FeatureKd() {
    }

    /** The loss of one level by {@code type} at temperature {@code t} (used by CWD only). */
    public static NDArray loss(DistillConfig.FeatureType type, NDArray student, NDArray teacher, double t) {
        if (!student.getShape().equals(teacher.getShape())) {
            throw new SlimException("distillation: adapted student feature " + student.getShape()
                    + " does not match the teacher's " + teacher.getShape());
        }
        return type == DistillConfig.FeatureType.CWD ? cwd(student, teacher, t) : mimic(student, teacher);
    }

    /**
     * Channel-wise distillation: each channel becomes a distribution over the {@code H W} positions,
     * {@code softmax(x / T)}, and the loss is {@code T^2} times the KL divergence teacher-to-student averaged over
     * batch and channels.
     */
    public static NDArray cwd(NDArray student, NDArray teacher, double t) {
        long n = student.getShape().get(0);
        long c = student.getShape().get(1);
        NDArray s = student.reshape(n * c, -1);
        NDArray te = teacher.reshape(n * c, -1);
        return KdMath.softmaxKl(s, te, t, 1).mean().mul((float) (t * t));
    }

    /** Mimicking: the mean squared difference. */
    public static NDArray mimic(NDArray student, NDArray teacher) {
        return student.sub(teacher).square().mean();
    }
}
