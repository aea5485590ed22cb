package org.slimlab.model;

import ai.djl.nn.Block;
import org.slimlab.model.modules.Sequential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One row after planning: absolute inputs, widths, repeat count, and a factory for its block.
 */
public final class LayerPlan {
    /** Input index that stands for the image. */
    public static final int IMAGE = -1;

    private final int index;
    private final LayerRow row;
    private final List<Integer> inputs;
    private final int[] c1s;
    private final int n;
    private final Planned planned;
    private final Map<String, Integer> widths;

    LayerPlan(int index, LayerRow row, List<Integer> inputs, int[] c1s, int n, Planned planned, Map<String, Integer> widths) {
        this.index = index;
        this.row = row;
        this.inputs = List.copyOf(inputs);
        this.c1s = c1s.clone();
        this.n = n;
        this.planned = planned;
        this.widths = Collections.unmodifiableMap(new LinkedHashMap<>(widths));
    }

    /** Row index. */
    public int index() {
        return index;
    }

    /** The yaml row. */
    public LayerRow row() {
        return row;
    }

    /** Absolute input rows ({@link #IMAGE} for the image). */
    public List<Integer> inputs() {
        return inputs;
    }

    /** Input channels, one per input. */
    public int[] inChannels() {
        return c1s.clone();
    }

    /** Output channels (0 for the head). */
    public int outChannels() {
        return planned.c2();
    }

    /** Repeats after depth scaling (Ultralytics' printed n). */
    public int repeats() {
        return n;
    }

    /** Module name as written in yaml. */
    public String module() {
        return row.module();
    }

    /** Args as the module receives them (input width first), as Ultralytics prints them. */
    public List<Object> printedArgs() {
        return planned.printed();
    }

    /** Inner widths in effect, by child name. */
    public Map<String, Integer> innerWidths() {
        return widths;
    }

    /** True for the detection head. */
    public boolean isHead() {
        return planned.head();
    }

    /** A new block for this row: the module, or a {@link Sequential} of copies when repeated outside. */
    public Block create() {
        Supplier<Block> f = planned.factory();
        if (planned.repeatsInside() || n == 1) {
            return f.get();
        }
        List<Block> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            copies.add(f.get());
        }
        return new Sequential(copies);
    }

    /** The row with multiples applied and every width written out. */
    LayerRow resolvedRow() {
        return new LayerRow(row.from(), row.fromList(), n, row.module(), planned.args(), widths, row.line());
    }
}
