package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;

/**
 * Exponential moving average of a model's weights (Ultralytics {@code ModelEMA}): after the {@code u}-th
 * optimizer step every floating-point tensor of the average, BatchNorm running statistics included, becomes
 * {@code d e + (1 - d) w} with {@code d = decay (1 - exp(-u / tau))}. The average lives in a second block of
 * the same architecture, used for validation and saved as the run's weights.
 */
public final class ModelEma {
    private final Block ema;
    private final List<Parameter[]> pairs = new ArrayList<>();
    private final double decay;
    private final double tau;
    private long updates;

    /**
     * @param ema the averaged block (initialised, parameters frozen); it should start as a copy of {@code model}
     * @param model the trained block
     */
    public ModelEma(Block ema, Block model, double decay, double tau) {
        this.ema = ema;
        this.decay = decay;
        this.tau = tau;
        ParameterList a = ema.getParameters();
        ParameterList b = model.getParameters();
        if (a.size() != b.size()) {
            throw new SlimException("EMA: averaged block has " + a.size() + " parameters, model " + b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).getKey().equals(b.get(i).getKey())) {
                throw new SlimException("EMA: parameter " + i + " is '" + a.get(i).getKey() + "' in the average but '"
                        + b.get(i).getKey() + "' in the model");
            }
            pairs.add(new Parameter[] {a.get(i).getValue(), b.get(i).getValue()});
        }
    }

    /** The averaged block. */
    public Block block() {
        return ema;
    }

    /** Optimizer steps averaged so far. */
    public long updates() {
        return updates;
    }

    /** Sets the update counter (when resuming). */
    public void setUpdates(long updates) {
        this.updates = updates;
    }

    /** The decay the next {@link #update()} will use. */
    public double nextDecay() {
        return decay * (1 - Math.exp(-(updates + 1) / tau));
    }

    /** Folds the model's current weights into the average. */
    public void update() {
        float d = (float) nextDecay();
        updates++;
        try (GradMode off = GradMode.off()) {
            for (Parameter[] p : pairs) {
                NDArray e = p[0].getArray();
                NDArray w = p[1].getArray();
                if (!e.getDataType().isFloating()) {
                    continue;
                }
                try (NDManager scope = NDManager.subManagerOf(e)) {
                    scope.tempAttachAll(e, w);
                    e.muli(d).addi(w.mul(1 - d));
                }
            }
        }
    }
}
