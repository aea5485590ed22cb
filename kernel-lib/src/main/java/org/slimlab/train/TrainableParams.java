package org.slimlab.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The parameters of a block that receive gradients, each with its name and {@link ParamGroup}. */
public final class TrainableParams {
    private final List<Entry> entries;

    private TrainableParams(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /** Collects the parameters of {@code block} that require gradients, in block order. */
    public static TrainableParams of(Block block) {
        return of(block, Map.of());
    }

    /**
     * The trainable parameters of {@code block}, then those of each extra block (named
     * {@code extra.<key>.<parameter>}), in order.
     */
    public static TrainableParams of(Block block, Map<String, Block> extras) {
        List<Entry> list = new ArrayList<>();
        collect(block, "", list);
        extras.forEach((key, b) -> collect(b, "extra." + key + ".", list));
        return new TrainableParams(list);
    }

    private static void collect(Block block, String prefix, List<Entry> list) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                list.add(new Entry(prefix + p.getKey(), p.getValue(), ParamGroup.of(p.getValue())));
            }
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Number of parameter tensors per group. */
    public Map<ParamGroup, Integer> counts() {
        Map<ParamGroup, Integer> c = new EnumMap<>(ParamGroup.class);
        for (ParamGroup g : ParamGroup.values()) {
            c.put(g, 0);
        }
        for (Entry e : entries) {
            c.merge(e.group(), 1, Integer::sum);
        }
        return c;
    }

    /** One trainable parameter: its hierarchical name (stable across builds of one architecture). */
    public record Entry(String name, Parameter parameter, ParamGroup group) {
    }
}
