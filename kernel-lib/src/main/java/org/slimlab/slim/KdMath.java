package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.slimlab.train.Bce;

/** Divergences between student and teacher logits that the distillation losses are made of. */
final class KdMath {
    private KdMath() {
    }

    /**
     * Element-wise KL divergence between the Bernoulli distributions {@code sigmoid(t/T)} (teacher) and
     * {@code sigmoid(s/T)} (student): binary cross-entropy against the teacher's probability minus its entropy, so
     * it is 0 where the student matches the teacher.
     */
    static NDArray binaryKl(NDArray student, NDArray teacher, double temperature) {
        float inv = (float) (1 / temperature);
        NDArray t = teacher.mul(inv);
        NDArray p = Activation.sigmoid(t);
        return Bce.withLogits(student.mul(inv), p).sub(Bce.withLogits(t, p));
    }

    /**
     * KL divergence {@code KL(softmax(t/T) || softmax(s/T))} along {@code axis}, which is summed away.
     */
    static NDArray softmaxKl(NDArray student, NDArray teacher, double temperature, int axis) {
        float inv = (float) (1 / temperature);
        NDArray logT = teacher.mul(inv).logSoftmax(axis);
        NDArray logS = student.mul(inv).logSoftmax(axis);
        return logT.exp().mul(logT.sub(logS)).sum(new int[] {axis});
    }

    /** {@code sum(w * x) / sum(w)}: the mean of {@code x} weighted by {@code w} (same shape). */
    static NDArray weightedMean(NDArray x, NDArray w) {
        return x.mul(w).sum().div(w.sum().add(1e-9f));
    }
}
