package org.slimlab.slim;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import org.slimlab.SlimException;
import org.slimlab.model.LayerPlan;
import org.slimlab.model.ModelPlan;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.Sequential;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Layer (depth) pruning: removes whole units a model can do without, through the spec surgery API
 * ({@link org.slimlab.model.ModelSpec#removeRepeat}, {@link org.slimlab.model.ModelSpec#remove}),
 * with the kept weights copied. Two kinds of unit are found from the data flow, not from module
 * names:
 * <ul>
 *   <li>a <b>block</b>: one residual block of a repeated chain (a Bottleneck of a C3 or C2f, a
 *       GhostBottleneck of a C3Ghost) whose output is its input plus a branch; removing it leaves
 *       the identity, and the repeat count drops by one;</li>
 *   <li>a <b>branch</b>: a row whose only reader is a Concat that also reads the row's own input
 *       (the last convolution of a YOLOv7 ELAN chain); removing it drops its range from the
 *       Concat, and the readers of the Concat lose those input channels.</li>
 * </ul>
 * Units are ranked by the mean |γ| of their BatchNorms (after sparsity training, the blocks the
 * model silenced); the lowest go first, one at a time, so that a branch freed by a removal can go
 * next. When a unit's BatchNorm γ and β are zero ({@link #silence}), removing it changes nothing:
 * the branch of a block adds zero, a branch row sends zeros into its Concat; a C2f, whose fusing
 * convolution reads every block's output, gets the removed block's input columns folded into those
 * of the block's input, which is the same tensor then.
 */
public final class LayerPruning {
    /** What a unit is. */
    public enum Kind {
        /** A residual block of a repeated chain. */
        BLOCK,
        /** A row that only feeds a Concat next to its own input. */
        BRANCH
    }

    /**
     * A removable unit.
     *
     * @param name its block name in the model it was found in ({@code model.4.m.1}, {@code model.5})
     * @param kind block or branch
     * @param score mean |γ| of its BatchNorms
     * @param parameters its parameters (BatchNorm running statistics excluded)
     */
    public record Unit(String name, Kind kind, double score, long parameters) {
        /** The row the unit lives in. */
        public int row() {
            return Integer.parseInt(name.split("\\.")[1]);
        }
    }

    /**
     * The layer-pruned model and the units removed, named as in the original model, in removal order.
     */
    public static final class Result {
        private final YoloModel model;
        private final List<Unit> removed;
        private final UnaryOperator<String> rename;

        Result(YoloModel model, List<Unit> removed, UnaryOperator<String> rename) {
            this.model = model;
            this.removed = List.copyOf(removed);
            this.rename = rename;
        }

        /** The smaller model. */
        public YoloModel model() {
            return model;
        }

        /** The removed units, named as in the original model. */
        public List<Unit> removed() {
            return removed;
        }

        /** The new name of an original block ({@code model.4.m.2} to {@code model.4.m.1}), or null when it was removed. */
        public String rename(String original) {
            return rename.apply(original);
        }

        /** The removed units as a table: name, kind, score, parameters. */
        public Table table() {
            return LayerPruning.table("removed layers", removed);
        }
    }

    private LayerPruning() {
    }

    /** Every unit of {@code model} that could be removed now, in row order, with its score. */
    public static List<Unit> candidates(YoloModel model) {
        ChannelFlow flow = ChannelFlow.walk(model);
        Map<String, Block> blocks = model.namedBlocks();
        Map<String, Parameter> params = model.namedParameters();
        ModelPlan plan = model.plan();
        List<Unit> out = new ArrayList<>();
        for (int r = 0; r < model.size() - 1; r++) {
            if (plan.layer(r).repeats() >= 2 && blocks.get("model." + r + ".m") instanceof Sequential chain) {
                for (int k = 0; k < chain.size(); k++) {
                    String name = "model." + r + ".m." + k;
                    if (residual(flow, name)) {
                        addScored(out, name, Kind.BLOCK, params);
                    }
                }
            }
            if (branch(plan, r)) {
                addScored(out, "model." + r, Kind.BRANCH, params);
            }
        }
        return out;
    }

    /** The candidates as a table: name, kind, score, parameters. */
    public static Table candidatesTable(YoloModel model) {
        return table("removable layers", candidates(model));
    }

    /**
     * Removes the {@code count} lowest-scored units, one at a time (candidates are found again after
     * each removal). The result is initialized in {@code manager}; {@code model} is left as it is.
     *
     * @throws SlimException when fewer than {@code count} units can be removed
     */
    public static Result prune(YoloModel model, int count, NDManager manager) {
        if (count < 1) {
            throw new SlimException("prune: --layers must be at least 1, got " + count);
        }
        YoloModel current = model;
        NDManager held = null;
        List<Unit> removed = new ArrayList<>();
        UnaryOperator<String> forward = UnaryOperator.identity();
        UnaryOperator<String> backward = UnaryOperator.identity();
        for (int i = 0; i < count; i++) {
            List<Unit> c = candidates(current);
            if (c.isEmpty()) {
                throw new SlimException(String.format(Locale.ROOT,
                        "prune: --layers %d, but %s has only %d removable blocks and branches", count, model.spec().name(), i));
            }
            Unit u = c.stream().min(Comparator.comparingDouble(Unit::score)).orElseThrow();
            NDManager target = i == count - 1 ? manager : manager.newSubManager();
            LayerSurgery.Step step = LayerSurgery.remove(current, u, target);
            if (held != null) {
                held.close();
            }
            held = target == manager ? null : target;
            removed.add(new Unit(backward.apply(u.name()), u.kind(), u.score(), u.parameters()));
            UnaryOperator<String> f = forward;
            UnaryOperator<String> b = backward;
            forward = n -> {
                String m = f.apply(n);
                return m == null ? null : step.forward(m);
            };
            backward = n -> b.apply(step.backward(n));
            current = step.model();
        }
        return new Result(current, removed, forward);
    }

    /**
     * Sets γ and β of every BatchNorm of the unit to zero, in place: the model then computes what it
     * computes without the unit (see the class comment).
     */
    public static void silence(YoloModel model, Unit unit) {
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            Parameter.Type t = e.getValue().getType();
            if (e.getKey().startsWith(unit.name() + ".") && (t == Parameter.Type.GAMMA || t == Parameter.Type.BETA)) {
                e.getValue().getArray().set(new float[(int) e.getValue().getArray().size()]);
            }
        }
    }

    /** A block is residual when its output carries its input's channels (an add) through a branch of its own. */
    private static boolean residual(ChannelFlow flow, String name) {
        Space[] io = flow.moduleSpaces.get(name);
        if (io == null || io[0].size() != io[1].size()) {
            return false;
        }
        for (int j = 0; j < io[0].size(); j++) {
            if (io[0].ids[j] == io[1].ids[j] || flow.ids.find(io[0].ids[j]) != flow.ids.find(io[1].ids[j])) {
                return false;
            }
        }
        return true;
    }

    /** Row {@code t} reads one row, and its only reader is a Concat of three or more inputs that also reads that row. */
    static boolean branch(ModelPlan plan, int t) {
        List<Integer> in = plan.layer(t).inputs();
        if (in.size() != 1 || in.get(0) == LayerPlan.IMAGE) {
            return false;
        }
        int reader = -1;
        for (int c = t + 1; c < plan.layers().size(); c++) {
            if (plan.layer(c).inputs().contains(t)) {
                if (reader >= 0) {
                    return false;
                }
                reader = c;
            }
        }
        if (reader < 0) {
            return false;
        }
        LayerPlan concat = plan.layer(reader);
        return "Concat".equals(concat.module()) && concat.inputs().size() >= 3 && concat.inputs().contains(in.get(0));
    }

    private static void addScored(List<Unit> out, String name, Kind kind, Map<String, Parameter> params) {
        double sum = 0;
        long n = 0;
        long count = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            if (!e.getKey().startsWith(name + ".")) {
                continue;
            }
            Parameter p = e.getValue();
            Parameter.Type t = p.getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            count += p.getArray().size();
            if (t == Parameter.Type.GAMMA) {
                for (float v : p.getArray().toFloatArray()) {
                    sum += Math.abs(v);
                    n++;
                }
            }
        }
        if (n > 0) {
            out.add(new Unit(name, kind, sum / n, count));
        }
    }

    private static Table table(String title, List<Unit> units) {
        return Table.create(title, StringColumn.create("layer", units.stream().map(Unit::name).toList()),
                StringColumn.create("kind", units.stream().map(u -> u.kind().name().toLowerCase(Locale.ROOT)).toList()),
                DoubleColumn.create("mean |gamma|", units.stream().mapToDouble(u -> Math.round(u.score() * 1e5) / 1e5).toArray()),
                LongColumn.create("parameters", units.stream().mapToLong(Unit::parameters).toArray()));
    }
}
