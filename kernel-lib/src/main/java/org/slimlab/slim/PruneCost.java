package org.slimlab.slim;

import ai.djl.nn.Parameter;

import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Parameters and multiply-accumulates a model would have with only some channels kept, computed
 * from its dependency graph without building anything: convolutions and BatchNorms are counted as
 * the summary counts them (nearest upsampling, one operation per output element, is left out).
 * Fast enough to search ratios with.
 */
final class PruneCost {
    private final DependencyGraph graph;
    private final Map<String, List<WeightSurgery.Axis>> axes;
    private final Map<String, Parameter> params;
    private final long parameters;

    PruneCost(DependencyGraph graph) {
        this.graph = graph;
        this.axes = WeightSurgery.axes(graph.flow());
        this.params = graph.model().namedParameters();
        this.parameters = graph.model().parameterCount();
    }

    /** Multiply-accumulates with the channels {@code kept} accepts (by walk id). */
    long macs(IntPredicate kept) {
        long macs = 0;
        for (ChannelFlow.ConvUse c : graph.flow().convs) {
            long out = count(c.out(), kept);
            long inPerGroup;
            if (c.groups() == 1) {
                inPerGroup = count(c.in(), kept);
            } else {
                int b = c.out().size() / c.groups();
                long groups = 0;
                for (int g = 0; g < c.groups(); g++) {
                    groups += kept.test(c.out().ids[g * b]) ? 1 : 0;
                }
                inPerGroup = groups == 0 ? 0 : c.in().size() / c.groups();
            }
            macs += c.pixels() * out * inPerGroup * c.kernel();
        }
        for (ChannelFlow.NormUse n : graph.flow().norms) {
            macs += 4 * n.pixels() * count(n.space(), kept);
        }
        return macs;
    }

    /** Parameters (BatchNorm running statistics excluded) with the channels {@code kept} accepts. */
    long parameters(IntPredicate kept) {
        long removed = 0;
        for (Map.Entry<String, List<WeightSurgery.Axis>> e : axes.entrySet()) {
            Parameter p = params.get(e.getKey());
            Parameter.Type t = p.getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            double fraction = 1;
            for (WeightSurgery.Axis a : e.getValue()) {
                fraction *= (double) count(a.space(), kept) / a.space().size();
            }
            long size = p.getShape().size();
            removed += size - Math.round(size * fraction);
        }
        return parameters - removed;
    }

    private static long count(Space s, IntPredicate kept) {
        long n = 0;
        for (int id : s.ids) {
            n += kept.test(id) ? 1 : 0;
        }
        return n;
    }
}
