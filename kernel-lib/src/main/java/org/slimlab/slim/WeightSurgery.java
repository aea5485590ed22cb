package org.slimlab.slim;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.Conv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves weights between a model and its pruned copy: every parameter axis that follows channels
 * (convolution filters and inputs, BatchNorm entries, channel-wise parameters) is sliced to the kept
 * channels; everything else is copied as is. The pruned model gets fresh arrays of its own
 * (never views of the original's memory), set before it is initialized.
 */
final class WeightSurgery {
    /** One axis of a parameter that follows the channels of a tensor. */
    record Axis(int axis, Space space) {
    }

    private WeightSurgery() {
    }

    /** Channel-following axes of every parameter, by full name ({@code model.2.cv1.conv.weight}). */
    static Map<String, List<Axis>> axes(ChannelFlow flow) {
        Map<String, List<Axis>> out = new LinkedHashMap<>();
        for (ChannelFlow.ConvUse c : flow.convs) {
            for (Pair<String, Parameter> p : c.conv().getDirectParameters()) {
                List<Axis> a = new ArrayList<>();
                a.add(new Axis(0, c.out()));
                if (p.getValue().getType() == Parameter.Type.WEIGHT && c.groups() == 1) {
                    a.add(new Axis(1, c.in()));
                }
                out.put(c.name() + "." + p.getValue().getName(), a);
            }
        }
        for (ChannelFlow.NormUse n : flow.norms) {
            for (Pair<String, Parameter> p : n.norm().getDirectParameters()) {
                out.put(n.name() + "." + p.getValue().getName(), List.of(new Axis(0, n.space())));
            }
        }
        for (ChannelFlow.ParamUse p : flow.params) {
            out.put(p.name(), List.of(new Axis(p.axis(), p.space())));
        }
        return out;
    }

    /** Positions of {@code s} whose channels stay. */
    static int[] kept(Space s, PrunePlan plan) {
        int n = 0;
        int[] k = new int[s.size()];
        for (int p = 0; p < s.size(); p++) {
            if (plan.keeps(s.ids[p])) {
                k[n++] = p;
            }
        }
        return java.util.Arrays.copyOf(k, n);
    }

    /**
     * The pruned model of {@code plan}, initialized in {@code manager} with the kept weights of
     * {@code model}: each parameter gets its sliced copy before initialization; parameters whose
     * shape is fixed at construction (implicit vectors) are replaced afterwards.
     */
    static YoloModel rebuild(YoloModel model, PrunePlan plan, NDManager manager) {
        YoloModel pruned = YoloModel.build(plan.prunedSpec());
        Map<String, Parameter> from = model.namedParameters();
        Map<String, List<Axis>> axes = axes(plan.graph().flow());
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String name : pruned.namedParameters().keySet()) {
            NDArray a = initialized(from, name, model).getArray().duplicate();
            for (Axis ax : axes.getOrDefault(name, List.of())) {
                int[] keep = kept(ax.space(), plan);
                if (keep.length < ax.space().size()) {
                    NDArray s = select(a, ax.axis(), keep);
                    a.close();
                    a = s;
                }
            }
            arrays.put(name, a);
        }
        install(pruned, arrays, manager);
        if (plan.options().compensateBeta()) {
            BetaCompensation.apply(model, plan, pruned);
        }
        return pruned;
    }


    /** The initialized parameter {@code name} of {@code model}. */
    static Parameter initialized(Map<String, Parameter> params, String name, YoloModel model) {
        Parameter p = params.get(name);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("no initialized parameter " + name + " in " + model.spec().name());
        }
        return p;
    }

    /**
     * Initializes {@code target} in {@code manager} with {@code arrays}, one per parameter name (each is
     * attached to {@code manager} and becomes, or is copied into, the parameter's array): parameters
     * shaped at initialization take theirs before it, those shaped at construction (implicit vectors)
     * are replaced after it.
     */
    static void install(YoloModel target, Map<String, NDArray> arrays, NDManager manager) {
        Map<Parameter, NDArray> preset = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : target.namedParameters().entrySet()) {
            NDArray a = arrays.get(e.getKey());
            if (a == null) {
                throw new IllegalStateException("no weights for " + e.getKey());
            }
            a.attach(manager);
            if (e.getValue().getShape() == null) {
                e.getValue().setArray(a);
            } else {
                preset.put(e.getValue(), a);
            }
        }
        target.initialize(manager);
        for (Map.Entry<Parameter, NDArray> e : preset.entrySet()) {
            NDArray want = e.getKey().getArray();
            if (!e.getValue().getShape().equals(want.getShape())) {
                throw new IllegalStateException(e.getKey().getName() + ": sliced " + e.getValue().getShape()
                        + " but the new model has " + want.getShape());
            }
            replace(e.getKey(), e.getValue(), manager);
            e.getValue().close();
        }
    }

    /**
     * Gives {@code p} a copy of {@code value} through DJL's parameter format (a fresh array owned by
     * {@code manager}; the array {@code p} had is closed).
     */
    private static void replace(Parameter p, NDArray value, NDManager manager) {
        Parameter carrier = Parameter.builder().setName(p.getName()).setType(p.getType()).build();
        carrier.setArray(value);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            carrier.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NDArray old = p.getArray();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            p.load(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException(p.getName() + ": cannot move weights: " + e.getMessage(), e);
        }
        old.close();
        if (p.requiresGradient()) {
            p.getArray().setRequiresGradient(true);
        }
    }

    /** The entries of {@code a} at positions {@code keep} along {@code axis}, in {@code a}'s manager. */
    static NDArray select(NDArray a, int axis, int[] keep) {
        long[] idx = new long[keep.length];
        for (int i = 0; i < keep.length; i++) {
            idx[i] = keep[i];
        }
        try (NDArray index = a.getManager().create(idx).toDevice(a.getDevice(), false)) {
            return a.get(new NDIndex(":,".repeat(axis) + "{}", index));
        }
    }

    /**
     * Sets every parameter entry of the removed channels to zero in place (filters, biases,
     * BatchNorm γ and β, channel-wise parameters): the model then computes what the pruned one does.
     */
    static void zeroRemoved(YoloModel model, PrunePlan plan) {
        Map<String, Parameter> params = model.namedParameters();
        for (Map.Entry<String, List<Axis>> e : axes(plan.graph().flow()).entrySet()) {
            Parameter p = params.get(e.getKey());
            Parameter.Type t = p.getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            Axis out = e.getValue().get(0);
            NDArray a = p.getArray();
            float[] v = a.toFloatArray();
            long[] shape = a.getShape().getShape();
            int inner = 1;
            for (int d = out.axis() + 1; d < shape.length; d++) {
                inner *= (int) shape[d];
            }
            int channels = (int) shape[out.axis()];
            boolean changed = false;
            for (int pos = 0; pos < channels; pos++) {
                if (plan.keeps(out.space().ids[pos])) {
                    continue;
                }
                changed = true;
                for (int outer = 0; outer < v.length / (channels * inner); outer++) {
                    int start = (outer * channels + pos) * inner;
                    java.util.Arrays.fill(v, start, start + inner, 0f);
                }
            }
            if (changed) {
                a.set(v);
            }
        }
    }

    /** The Conv block a BatchNorm belongs to, or null. */
    static Conv ownerConv(YoloModel model, String normName) {
        int dot = normName.lastIndexOf('.');
        Block b = dot < 0 ? null : model.namedBlocks().get(normName.substring(0, dot));
        return b instanceof Conv c ? c : null;
    }

    /** A name-to-use map of the BatchNorm directly after each convolution. */
    static Map<ChannelFlow.ConvUse, ChannelFlow.NormUse> normAfter(ChannelFlow flow) {
        Map<Space, ChannelFlow.NormUse> bySpace = new java.util.IdentityHashMap<>();
        for (ChannelFlow.NormUse n : flow.norms) {
            bySpace.put(n.space(), n);
        }
        Map<ChannelFlow.ConvUse, ChannelFlow.NormUse> out = new HashMap<>();
        for (ChannelFlow.ConvUse c : flow.convs) {
            ChannelFlow.NormUse n = bySpace.get(c.out());
            if (n != null) {
                out.put(c, n);
            }
        }
        return out;
    }
}
