package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import org.slimlab.SlimException;

/**
 * Output distillation: how far a student's raw head outputs are from its teacher's, summed over levels. The
 * teacher's outputs carry no gradient.
 *
 * <p>Anchor-based heads ({@code (N, na, H, W, nc + 5)}, pre-sigmoid), per level, with {@code w = sigmoid(teacher
 * objectness)} as the teacher's confidence in each anchor:
 * <pre>
 *   obj = mean over anchors of KL(sigmoid(t_obj) || sigmoid(s_obj))
 *   box = sum(w * mean over xywh of (sigmoid(s_xywh) - sigmoid(t_xywh))^2) / sum(w)
 *   cls = T^2 * sum(w * mean over classes of KL(sigmoid(t_cls/T) || sigmoid(s_cls/T))) / sum(w)
 * </pre>
 * so boxes and classes are learnt where the teacher sees objects, and objectness everywhere. The level's term is
 * {@code obj + box + cls}, each part weighted by {@link DistillConfig.Parts} when given.
 *
 * <p>Anchor-free heads ({@code (N, 4 regMax + nc, H, W)}), per level, with {@code w} the teacher's highest class
 * probability at each point:
 * <pre>
 *   cls = T^2 * mean over points of (sum over classes of KL(sigmoid(t_cls/T) || sigmoid(s_cls/T)))
 *   dfl = T^2 * sum(w * mean over the four sides of KL(softmax(t_side/T) || softmax(s_side/T))) / sum(w)
 * </pre>
 * and the level's term {@code cls + dfl}, the DFL part weighted by {@code Parts.box} and the class part by
 * {@code Parts.cls}.
 */
public final class OutputKd {
    private OutputKd() {
    }

    /** The anchor-based loss (a scalar) of raw outputs of the same shapes, at temperature {@code t}. */
    public static NDArray anchorBased(NDList student, NDList teacher, double t) {
        return anchorBased(student, teacher, t, DistillConfig.Parts.ALL);
    }

    /** The anchor-based loss with its objectness, box and class parts weighted by {@code parts}. */
    public static NDArray anchorBased(NDList student, NDList teacher, double t, DistillConfig.Parts parts) {
        checkShapes(student, teacher);
        NDArray total = null;
        for (int l = 0; l < student.size(); l++) {
            NDArray s = student.get(l);
            NDArray te = teacher.get(l);
            NDArray w = Activation.sigmoid(te.get("..., 4"));
            NDArray obj = KdMath.binaryKl(s.get("..., 4"), te.get("..., 4"), 1).mean();
            NDArray box = Activation.sigmoid(s.get("..., 0:4")).sub(Activation.sigmoid(te.get("..., 0:4")))
                    .square().mean(new int[] {-1});
            NDArray cls = KdMath.binaryKl(s.get("..., 5:"), te.get("..., 5:"), t).mean(new int[] {-1});
            NDArray level = obj.mul((float) parts.obj()).add(KdMath.weightedMean(box, w).mul((float) parts.box()))
                    .add(KdMath.weightedMean(cls, w).mul((float) (t * t * parts.cls())));
            total = total == null ? level : total.add(level);
        }
        return total;
    }

    /** The anchor-free loss (a scalar) of raw outputs of the same shapes with {@code regMax} bins, at {@code t}. */
    public static NDArray anchorFree(NDList student, NDList teacher, int regMax, double t) {
        return anchorFree(student, teacher, regMax, t, DistillConfig.Parts.ALL);
    }

    /** The anchor-free loss with its class and DFL parts weighted by {@code parts.cls()} and {@code parts.box()}. */
    public static NDArray anchorFree(NDList student, NDList teacher, int regMax, double t, DistillConfig.Parts parts) {
        checkShapes(student, teacher);
        int nb = 4 * regMax;
        float t2 = (float) (t * t);
        NDArray total = null;
        for (int l = 0; l < student.size(); l++) {
            NDArray s = student.get(l);
            NDArray te = teacher.get(l);
            long n = s.getShape().get(0);
            long h = s.getShape().get(2);
            long wd = s.getShape().get(3);
            NDArray sc = s.get(":, " + nb + ":");
            NDArray tc = te.get(":, " + nb + ":");
            NDArray cls = KdMath.binaryKl(sc, tc, t).sum(new int[] {1}).mean().mul((float) (t2 * parts.cls()));
            NDArray w = Activation.sigmoid(tc).max(new int[] {1});
            NDArray sd = s.get(":, 0:" + nb).reshape(n, 4, regMax, h, wd);
            NDArray td = te.get(":, 0:" + nb).reshape(n, 4, regMax, h, wd);
            NDArray side = KdMath.softmaxKl(sd, td, t, 2).mean(new int[] {1});
            NDArray level = cls.add(KdMath.weightedMean(side, w).mul((float) (t2 * parts.box())));
            total = total == null ? level : total.add(level);
        }
        return total;
    }

    private static void checkShapes(NDList student, NDList teacher) {
        if (student.size() != teacher.size()) {
            throw new SlimException("distillation: the student's head has " + student.size() + " levels, the teacher's "
                    + teacher.size());
        }
        for (int l = 0; l < student.size(); l++) {
            if (!student.get(l).getShape().equals(teacher.get(l).getShape())) {
                throw new SlimException("distillation: head level " + l + " of the student is "
                        + student.get(l).getShape() + ", the teacher's " + teacher.get(l).getShape());
            }
        }
    }
}
