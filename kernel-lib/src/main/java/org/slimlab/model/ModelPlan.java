package org.slimlab.model;

import org.slimlab.SlimException;
import org.slimlab.model.modules.Act;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A spec worked out row by row as Ultralytics' {@code parse_model} does: absolute inputs, depth
 * and width scaling, module arguments and inner widths. Every row is checked by building its
 * block once; a problem is a {@link SlimException} naming the file, line and row.
 */
public final class ModelPlan {
    /** Channels of the input image. */
    public static final int IMAGE_CHANNELS = 3;

    /** Header line that marks a resolved file. */
    static final String RESOLVED_NOTE = "Resolved form (multiples applied, every width written out) of";

    private final ModelSpec spec;
    private final List<LayerPlan> layers;

    private ModelPlan(ModelSpec spec, List<LayerPlan> layers) {
        this.spec = spec;
        this.layers = List.copyOf(layers);
    }

    /** Plans every row of {@code spec}. */
    public static ModelPlan of(ModelSpec spec) {
        List<LayerRow> rows = spec.rows();
        if (rows.isEmpty()) {
            throw new SlimException(spec.source() + ": the model has no rows");
        }
        Act defaultAct = defaultAct(spec);
        List<LayerPlan> layers = new ArrayList<>();
        List<Integer> channels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LayerRow row = rows.get(i);
            List<Integer> inputs = inputs(spec, row, i);
            int[] c1s = new int[inputs.size()];
            for (int j = 0; j < c1s.length; j++) {
                c1s[j] = inputs.get(j) == LayerPlan.IMAGE ? IMAGE_CHANNELS : channels.get(inputs.get(j));
            }
            LayerPlan layer = plan(spec, row, i, inputs, c1s, defaultAct);
            if (layer.isHead() != (i == rows.size() - 1)) {
                throw new SlimException(RowContext.where(spec, row, i) + (layer.isHead()
                        ? "the detection head must be the last row"
                        : "the last row must be a detection head (Detect or IDetect)"));
            }
            layers.add(layer);
            channels.add(layer.outChannels());
        }
        return new ModelPlan(spec, layers);
    }

    private static LayerPlan plan(ModelSpec spec, LayerRow row, int i, List<Integer> inputs, int[] c1s, Act defaultAct) {
        ModuleKind kind = ModuleRegistry.find(row.module());
        if (kind == null) {
            throw new SlimException(RowContext.where(spec, row, i) + "unknown module '" + row.module() + "' (known: "
                    + String.join(", ", ModuleRegistry.names()) + ")");
        }
        int n = row.number() > 1 ? Math.max((int) Math.rint(row.number() * spec.depthMultiple()), 1) : row.number();
        RowContext ctx = new RowContext(spec, row, i, c1s, n, defaultAct);
        try {
            Planned planned = kind.plan(ctx);
            Set<String> unknown = new HashSet<>(row.widths().keySet());
            unknown.removeAll(ctx.widths().keySet());
            if (!unknown.isEmpty()) {
                throw ctx.error("unknown inner width " + unknown + " (" + row.module() + " has "
                        + (ctx.widths().isEmpty() ? "none" : String.join(", ", ctx.widths().keySet())) + ")");
            }
            LayerPlan layer = new LayerPlan(i, row, inputs, c1s, n, planned, ctx.widths());
            layer.create(); // constructing the block checks widths and groups
            return layer;
        } catch (IllegalArgumentException e) {
            throw ctx.error(e.getMessage());
        }
    }

    /** Absolute inputs of row i: -k means k rows back, -1 at row 0 is the image. */
    private static List<Integer> inputs(ModelSpec spec, LayerRow row, int i) {
        List<Integer> out = new ArrayList<>();
        for (int f : row.from()) {
            int t = f < 0 ? i + f : f;
            if (i == 0 && f == -1) {
                t = LayerPlan.IMAGE;
            } else if (t < 0 || t >= i) {
                throw new SlimException(RowContext.where(spec, row, i) + "from " + f + " is out of range (row " + i
                        + " may read rows 0.." + (i - 1) + (i == 0 ? ", or -1 for the image" : "") + ")");
            }
            out.add(t);
        }
        return out;
    }

    private static Act defaultAct(ModelSpec spec) {
        if (spec.activation() == null) {
            return Act.of(Act.Kind.SILU);
        }
        try {
            return Act.parse(spec.activation());
        } catch (IllegalArgumentException e) {
            throw new SlimException(spec.source() + ": activation: " + e.getMessage());
        }
    }

    /** The planned spec. */
    public ModelSpec spec() {
        return spec;
    }

    /** One plan per row, in order. */
    public List<LayerPlan> layers() {
        return layers;
    }

    /** The plan of row {@code i}. */
    public LayerPlan layer(int i) {
        return layers.get(i);
    }

    /** The head row. */
    public LayerPlan head() {
        return layers.get(layers.size() - 1);
    }

    /** See {@link ModelSpec#resolved()}. */
    ModelSpec resolvedSpec() {
        List<LayerRow> rows = new ArrayList<>();
        for (LayerPlan l : layers) {
            rows.add(l.resolvedRow());
        }
        String header = spec.header().contains(RESOLVED_NOTE) ? spec.header()
                : (spec.header().isEmpty() ? "" : spec.header() + "\n\n") + RESOLVED_NOTE + " " + spec.name() + ".";
        return spec.toBuilder().header(header).depthMultiple(1.0).widthMultiple(1.0).maxChannels(null).scales(null, null)
                .channelDivisor(1).rows(rows, spec.backboneSize()).build();
    }
}
