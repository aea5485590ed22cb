package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes one {@link LayerPruning.Unit}: edits the spec, builds the smaller model and copies the
 * weights across, renumbered. A convolution that read the unit's output through a Concat loses
 * those input columns; for a residual block, each lost column is first added to the column of the
 * block input channel it was added to.
 */
final class LayerSurgery {
    private static final Pattern ROW = Pattern.compile("^model\\.(\\d+)(\\..*)?$");
    private static final Pattern BLOCK = Pattern.compile("^model\\.(\\d+)\\.m\\.(\\d+)(\\..*)?$");

    /** The smaller model and the renumbering of block names (forward: null for the removed unit). */
    record Step(YoloModel model, Renaming renaming) {
        String forward(String oldName) {
            return renaming.rename(oldName, false);
        }

        String backward(String newName) {
            return renaming.rename(newName, true);
        }
    }

    /** Block names shift down by one from the removed row (or chain position) on. */
    record Renaming(int row, int block) {
        String rename(String name, boolean backward) {
            Matcher m = block < 0 ? ROW.matcher(name) : BLOCK.matcher(name);
            if (!m.matches() || (block >= 0 && Integer.parseInt(m.group(1)) != row)) {
                return name;
            }
            int at = block < 0 ? 1 : 2;
            int cut = block < 0 ? row : block;
            int i = Integer.parseInt(m.group(at));
            if (i < cut) {
                return name;
            }
            if (!backward && i == cut) {
                return null;
            }
            int j = backward ? i + 1 : i - 1;
            String rest = m.group(at + 1) == null ? "" : m.group(at + 1);
            return block < 0 ? "model." + j + rest : "model." + row + ".m." + j + rest;
        }
    }

    private LayerSurgery() {
    }

    static Step remove(YoloModel model, LayerPruning.Unit unit, NDManager manager) {
        boolean isBlock = unit.kind() == LayerPruning.Kind.BLOCK;
        Renaming renaming = new Renaming(unit.row(), isBlock ? Integer.parseInt(unit.name().split("\\.")[3]) : -1);
        ModelSpec spec = isBlock ? model.spec().removeRepeat(renaming.row(), renaming.block())
                : model.spec().resolved().remove(renaming.row());
        YoloModel smaller = YoloModel.build(spec.withName(model.spec().name()));
        ChannelFlow flow = ChannelFlow.walk(model);
        Map<String, ChannelFlow.ConvUse> convs = new HashMap<>();
        flow.convs.forEach(c -> convs.put(c.name(), c));
        Space[] io = flow.moduleSpaces.get(unit.name());
        Map<String, Integer> inputs = new HashMap<>();
        ChannelFlow.walk(smaller).convs.forEach(c -> inputs.put(c.name() + ".weight", c.in().size() / c.groups()));
        Map<String, Parameter> old = model.namedParameters();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String name : smaller.namedParameters().keySet()) {
            String from = renaming.rename(name, true);
            NDArray a = WeightSurgery.initialized(old, from, model).getArray().duplicate();
            Integer want = inputs.get(name);
            if (want != null && a.getShape().get(1) != want) {
                ChannelFlow.ConvUse use = convs.get(from.substring(0, from.lastIndexOf('.')));
                if (use == null || use.groups() != 1) {
                    throw new IllegalStateException(from + ": " + a.getShape() + " cannot lose input channels when "
                            + unit.name() + " goes");
                }
                NDArray cut = dropInputs(a, use.in(), io, isBlock, want);
                a.close();
                a = cut;
            }
            arrays.put(name, a);
        }
        WeightSurgery.install(smaller, arrays, manager);
        return new Step(smaller, renaming);
    }

    /**
     * The filters of a convolution without its input columns that carry the removed unit's output
     * (io[1]); with {@code fold}, each such column is first added to the column carrying the matching
     * channel of the unit's input (io[0]).
     */
    private static NDArray dropInputs(NDArray weight, Space in, Space[] io, boolean fold, int want) {
        Map<Integer, Integer> outIndex = new HashMap<>();
        for (int j = 0; j < io[1].size(); j++) {
            outIndex.put(io[1].ids[j], j);
        }
        Set<Integer> dropped = new HashSet<>();
        for (int p = 0; p < in.size(); p++) {
            if (outIndex.containsKey(in.ids[p])) {
                dropped.add(p);
            }
        }
        if (in.size() - dropped.size() != want) {
            throw new IllegalStateException("the unit's output fills " + dropped.size() + " of " + in.size()
                    + " input channels, but " + (in.size() - want) + " go");
        }
        long[] s = weight.getShape().getShape();
        int cin = (int) s[1];
        int inner = (int) (s[2] * s[3]);
        float[] v = weight.toFloatArray();
        if (fold) {
            for (int p : dropped) {
                int target = io[0].ids[outIndex.get(in.ids[p])];
                for (int q = 0; q < cin; q++) {
                    if (in.ids[q] == target && !dropped.contains(q)) {
                        for (int o = 0; o < s[0]; o++) {
                            for (int k = 0; k < inner; k++) {
                                v[(o * cin + q) * inner + k] += v[(o * cin + p) * inner + k];
                            }
                        }
                        break;
                    }
                }
            }
        }
        float[] out = new float[(int) (s[0] * want * inner)];
        for (int o = 0; o < s[0]; o++) {
            int at = 0;
            for (int p = 0; p < cin; p++) {
                if (!dropped.contains(p)) {
                    System.arraycopy(v, (o * cin + p) * inner, out, (o * want + at) * inner, inner);
                    at++;
                }
            }
        }
        return weight.getManager().create(out, new Shape(s[0], want, s[2], s[3]));
    }
}
