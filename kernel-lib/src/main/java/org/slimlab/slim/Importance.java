package org.slimlab.slim;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Channel importance, aggregated over a coupled channel's members: BatchNorm |γ| (slimming), the
 * L1 or L2 norm of output filters, or a seeded random draw. Channels with nothing to score (no
 * BatchNorm under slimming) get NaN.
 */
final class Importance {
    private Importance() {
    }

    /** Scores of each group's channels, in the group's channel order. */
    static Map<DependencyGroup, double[]> score(DependencyGraph graph, List<DependencyGroup> groups, PruneOptions o) {
        Map<DependencyGroup, double[]> out = new LinkedHashMap<>();
        if (o.criterion() == PruneOptions.Criterion.RANDOM) {
            Random rnd = new Random(o.seed());
            for (DependencyGroup g : groups) {
                double[] s = new double[g.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = rnd.nextDouble();
                }
                out.put(g, s);
            }
            return out;
        }
        Map<Integer, double[]> acc = new HashMap<>();
        ChannelFlow flow = graph.flow();
        if (o.criterion() == PruneOptions.Criterion.SLIMMING) {
            for (ChannelFlow.NormUse n : flow.norms) {
                float[] gamma = array(n.norm(), Parameter.Type.GAMMA);
                for (int p = 0; p < gamma.length; p++) {
                    add(acc, graph.root(n.space().ids[p]), Math.abs(gamma[p]), o.aggregate());
                }
            }
        } else {
            boolean l1 = o.criterion() == PruneOptions.Criterion.L1;
            for (ChannelFlow.ConvUse c : flow.convs) {
                float[] w = array(c.conv(), Parameter.Type.WEIGHT);
                int rows = c.out().size();
                int len = w.length / rows;
                for (int p = 0; p < rows; p++) {
                    double s = 0;
                    for (int i = p * len; i < (p + 1) * len; i++) {
                        s += l1 ? Math.abs(w[i]) : (double) w[i] * w[i];
                    }
                    add(acc, graph.root(c.out().ids[p]), l1 ? s : Math.sqrt(s), o.aggregate());
                }
            }
        }
        for (DependencyGroup g : groups) {
            double[] s = new double[g.size()];
            for (int i = 0; i < s.length; i++) {
                double[] a = acc.get(g.roots()[i]);
                s[i] = a == null ? Double.NaN : o.aggregate() == PruneOptions.Aggregate.MEAN ? a[0] / a[1] : a[0];
            }
            out.put(g, s);
        }
        return out;
    }

    private static void add(Map<Integer, double[]> acc, int root, double v, PruneOptions.Aggregate how) {
        double[] a = acc.computeIfAbsent(root, k -> new double[] {how == PruneOptions.Aggregate.MAX ? Double.NEGATIVE_INFINITY : 0, 0});
        a[0] = how == PruneOptions.Aggregate.MAX ? Math.max(a[0], v) : a[0] + v;
        a[1]++;
    }

    /** The values of a leaf's parameter of the given type. */
    static float[] array(Block block, Parameter.Type type) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getValue().getType() == type) {
                if (!p.getValue().isInitialized()) {
                    throw new IllegalStateException("initialize or load the model before scoring channels");
                }
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new IllegalStateException(block.getClass().getSimpleName() + " has no " + type + " parameter");
    }
}
