package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as {@code torch.optim.AdamW}, decaying only the
 * {@link ParamGroup#WEIGHT} group: {@code w *= 1 - lr wd}; {@code m = b1 m + (1-b1) g};
 * {@code v = b2 v + (1-b2) g^2}; {@code w -= lr/(1-b1^t) m / (sqrt(v)/sqrt(1-b2^t) + eps)}. The first-moment
 * decay {@code b1} is the trainer's momentum (0.937), {@code b2 = 0.999}, {@code eps = 1e-8}.
 */
public final class DecoupledAdamW extends GroupedOptimizer {
    private static final double BETA2 = 0.999;
    private static final float EPS = 1e-8f;

    public DecoupledAdamW(TrainableParams params, double weightDecay, double beta1, NDManager manager) {
        super(params, weightDecay, beta1, manager);
    }

    @Override
    public void update(String name, NDArray weight, NDArray grad) {
        double lr = learningRateOf(name);
        double wd = weightDecayOf(name);
        double b1 = momentum();
        long t = steps();
        if (wd != 0) {
            weight.muli((float) (1 - lr * wd));
        }
        NDArray m = buffer(name, "m");
        NDArray v = buffer(name, "v");
        if (m == null) {
            m = newBuffer(name, "m", grad.zerosLike());
            v = newBuffer(name, "v", grad.zerosLike());
        }
        m.muli((float) b1).addi(grad.mul((float) (1 - b1)));
        v.muli((float) BETA2).addi(grad.square().muli((float) (1 - BETA2)));
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        NDArray denom = v.sqrt().divi((float) Math.sqrt(bc2)).addi(EPS);
        weight.subi(m.div(denom).muli((float) (lr / bc1)));
    }
}
