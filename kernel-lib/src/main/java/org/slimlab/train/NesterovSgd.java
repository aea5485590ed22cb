package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * SGD with Nesterov momentum, as {@code torch.optim.SGD(nesterov=True)}: {@code g += wd w; b = m b + g}
 * (the first buffer is {@code g}); {@code w -= lr (g + m b)}.
 */
public final class NesterovSgd extends GroupedOptimizer {

    public NesterovSgd(TrainableParams params, double weightDecay, double momentum, NDManager manager) {
        super(params, weightDecay, momentum, manager);
    }

    @Override
    public void update(String name, NDArray weight, NDArray grad) {
        double wd = weightDecayOf(name);
        float m = (float) momentum();
        NDArray g = wd != 0 ? grad.add(weight.mul((float) wd)) : grad;
        NDArray b = buffer(name, "momentum");
        if (b == null) {
            b = newBuffer(name, "momentum", g);
        } else {
            b.muli(m).addi(g);
        }
        weight.subi(g.add(b.mul(m)).muli((float) learningRateOf(name)));
    }
}
