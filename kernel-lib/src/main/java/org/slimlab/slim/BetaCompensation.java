package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.Conv;

import java.util.HashMap;
import java.util.Map;

/**
 * Activation-offset compensation (SlimYOLOv3): a removed channel whose γ is near zero still emits
 * the constant act(β); its contribution to each reading convolution, Σ W·act(β), is folded into
 * that convolution's BatchNorm running mean (or its bias when it has no BatchNorm).
 *
 * <p>Applied to channels with a single producing Conv+BatchNorm and no channel-wise parameter;
 * channels tied by residual adds or products are left alone. Exact for 1×1 readers (and for any
 * reader away from the zero-padded border).
 */
final class BetaCompensation {
    private BetaCompensation() {
    }

    static void apply(YoloModel model, PrunePlan plan, YoloModel pruned) {
        DependencyGraph graph = plan.graph();
        ChannelFlow flow = graph.flow();
        Map<Integer, Integer> producers = new HashMap<>();
        Map<Integer, Float> offset = new HashMap<>();
        for (ChannelFlow.NormUse n : flow.norms) {
            Conv owner = WeightSurgery.ownerConv(model, n.name());
            float[] level = owner == null ? null : activated(owner, Importance.array(n.norm(), Parameter.Type.BETA));
            for (int p = 0; p < n.space().size(); p++) {
                int r = graph.root(n.space().ids[p]);
                producers.merge(r, 1, Integer::sum);
                if (level != null && plan.removesRoot(r)) {
                    offset.put(r, level[p]);
                }
            }
        }
        for (ChannelFlow.ConvUse c : flow.convs) {
            for (int id : c.out().ids) {
                producers.merge(graph.root(id), 1, Integer::sum);
            }
        }
        for (ChannelFlow.ParamUse p : flow.params) {
            for (int id : p.space().ids) {
                offset.remove(graph.root(id));
            }
        }
        offset.keySet().removeIf(r -> producers.get(r) != 2);
        if (offset.isEmpty()) {
            return;
        }
        Map<ChannelFlow.ConvUse, ChannelFlow.NormUse> norms = WeightSurgery.normAfter(flow);
        Map<String, Parameter> params = pruned.namedParameters();
        for (ChannelFlow.ConvUse c : flow.convs) {
            if (c.groups() != 1) {
                continue;
            }
            float[] shift = shift(c, offset, graph);
            if (shift == null) {
                continue;
            }
            int[] keep = WeightSurgery.kept(c.out(), plan);
            ChannelFlow.NormUse n = norms.get(c);
            Parameter target = n != null ? params.get(n.name() + ".runningMean") : params.get(c.name() + ".bias");
            if (target == null) {
                continue;
            }
            float sign = n != null ? -1f : 1f;
            NDArray a = target.getArray();
            float[] v = a.toFloatArray();
            for (int i = 0; i < keep.length; i++) {
                v[i] += sign * shift[keep[i]];
            }
            a.set(v);
        }
    }

    /** Σ over removed input channels of W[o, i, :, :]·offset, per output o; null when none is removed. */
    private static float[] shift(ChannelFlow.ConvUse c, Map<Integer, Float> offset, DependencyGraph graph) {
        int out = c.out().size();
        int in = c.in().size();
        float[] w = null;
        float[] s = null;
        for (int i = 0; i < in; i++) {
            Float o = offset.get(graph.root(c.in().ids[i]));
            if (o == null) {
                continue;
            }
            if (w == null) {
                w = Importance.array(c.conv(), Parameter.Type.WEIGHT);
                s = new float[out];
            }
            int k = w.length / (out * in);
            for (int j = 0; j < out; j++) {
                float sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += w[(j * in + i) * k + t];
                }
                s[j] += sum * o;
            }
        }
        return s;
    }

    /** act(β) for every channel of a Conv block. */
    private static float[] activated(Conv owner, float[] beta) {
        try (NDManager m = NDManager.newBaseManager()) {
            return owner.act().apply(m.create(beta)).toFloatArray();
        }
    }
}
