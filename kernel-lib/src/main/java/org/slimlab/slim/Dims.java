package org.slimlab.slim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The channel counts that fix a model's architecture: input and output channels and groups of
 * every convolution, output channels of every row. Two models with the same dims and rows have
 * parameters of the same shapes.
 */
final class Dims {
    private Dims() {
    }

    /** Dims of a walked model. */
    static Map<String, Integer> of(ChannelFlow flow) {
        return count(flow, id -> true);
    }

    /** Dims the model would have with only the channels {@code kept} accepts (by walk id). */
    static Map<String, Integer> count(ChannelFlow flow, IntPredicate kept) {
        Map<String, Integer> d = new LinkedHashMap<>();
        for (ChannelFlow.ConvUse c : flow.convs) {
            d.put(c.name() + ":in", count(c.in(), kept));
            d.put(c.name() + ":out", count(c.out(), kept));
            int groups = 1;
            if (c.groups() > 1) {
                int b = c.out().size() / c.groups();
                groups = 0;
                for (int g = 0; g < c.groups(); g++) {
                    groups += kept.test(c.out().ids[g * b]) ? 1 : 0;
                }
            }
            d.put(c.name() + ":groups", groups);
        }
        for (int i = 0; i < flow.rowOutputs.length - 1; i++) {
            d.put("row " + i + ":out", count(flow.rowOutputs[i], kept));
        }
        return d;
    }

    private static int count(Space s, IntPredicate kept) {
        int n = 0;
        for (int id : s.ids) {
            n += kept.test(id) ? 1 : 0;
        }
        return n;
    }

    /** True for keys that are linear in the widths (groups follow gcd rules and are only checked). */
    static boolean linear(String key) {
        return !key.endsWith(":groups");
    }
}
