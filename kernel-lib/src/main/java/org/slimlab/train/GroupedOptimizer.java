package org.slimlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slimlab.SlimException;

/**
 * Base of the trainer's optimizers: per-group learning rates, one momentum, weight decay on the
 * {@link ParamGroup#WEIGHT} group only, named state buffers that a checkpoint can save and restore exactly.
 * {@link #step(TrainableParams)} hands each parameter's gradient to {@link #update} and then zeroes it
 * (PyTorch's gradient collector never does).
 */
public abstract class GroupedOptimizer extends Optimizer {
    private final Map<ParamGroup, Double> learningRates = new EnumMap<>(ParamGroup.class);
    private final Map<String, ParamGroup> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, NDArray>> buffers = new LinkedHashMap<>();
    private final double weightDecay;
    private final NDManager stateManager;
    private double momentum;
    private long steps;

    /** DJL's optimizer builder, unused beyond construction: every setting lives in this class. */
    private static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }

    protected GroupedOptimizer(TrainableParams params, double weightDecay, double momentum, NDManager manager) {
        super(new Settings());
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.stateManager = manager.newSubManager();
        for (TrainableParams.Entry e : params.entries()) {
            groups.put(e.name(), e.group());
        }
        for (ParamGroup g : ParamGroup.values()) {
            learningRates.put(g, 0.0);
        }
    }

    /** Sets the learning rate of one group (the trainer's schedule calls this before every step). */
    public void setLearningRate(ParamGroup group, double lr) {
        learningRates.put(group, lr);
    }

    public double learningRate(ParamGroup group) {
        return learningRates.get(group);
    }

    /** Sets the momentum (SGD) or first-moment decay (AdamW). */
    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    public double momentum() {
        return momentum;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Applies one update to every parameter that has a gradient (parameters that never received one are
     * skipped, as in PyTorch) and zeroes the gradients. Runs with autograd off.
     */
    public void step(TrainableParams params) {
        steps++;
        try (GradMode off = GradMode.off()) {
            for (TrainableParams.Entry e : params.entries()) {
                NDArray w = e.parameter().getArray();
                try (NDManager scope = NDManager.subManagerOf(w)) {
                    scope.tempAttachAll(w);
                    // the buffers join the scope too, so results of ops that start from a buffer die with it
                    buffers.getOrDefault(e.name(), Map.of()).values().forEach(scope::tempAttachAll);
                    NDArray grad = JniUtils.getGradient((PtNDArray) w);
                    if (grad != null) {
                        update(e.name(), w, grad);
                        JniUtils.zeroGrad((PtNDArray) w);
                    }
                }
            }
        }
    }

    /** The learning rate for parameter {@code name}. */
    protected double learningRateOf(String name) {
        return learningRates.get(group(name));
    }

    /** The weight decay for parameter {@code name}: the configured value for decayed groups, else 0. */
    protected double weightDecayOf(String name) {
        return group(name).decayed() ? weightDecay : 0;
    }

    private ParamGroup group(String name) {
        ParamGroup g = groups.get(name);
        if (g == null) {
            throw new SlimException("optimizer: unknown parameter '" + name + "'");
        }
        return g;
    }

    /** The state buffer {@code slot} of parameter {@code name}, or null before its first update. */
    protected NDArray buffer(String name, String slot) {
        return buffers.getOrDefault(name, Map.of()).get(slot);
    }

    /** Stores a new state buffer (a detached copy owned by the optimizer). */
    protected NDArray newBuffer(String name, String slot, NDArray value) {
        NDArray b = value.duplicate();
        b.attach(stateManager);
        buffers.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(slot, b);
        return b;
    }

    /** Writes steps, momentum and every buffer. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeDouble(momentum);
        int n = buffers.values().stream().mapToInt(Map::size).sum();
        out.writeInt(n);
        for (Map.Entry<String, Map<String, NDArray>> p : buffers.entrySet()) {
            for (Map.Entry<String, NDArray> b : p.getValue().entrySet()) {
                out.writeUTF(p.getKey());
                out.writeUTF(b.getKey());
                byte[] bytes = b.getValue().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /** Restores what {@link #save} wrote, replacing the current state. */
    public void load(DataInputStream in) throws IOException {
        steps = in.readLong();
        momentum = in.readDouble();
        int n = in.readInt();
        buffers.values().forEach(m -> m.values().forEach(NDArray::close));
        buffers.clear();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            String slot = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            buffers.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(slot, NDArray.decode(stateManager, bytes));
        }
    }
}
