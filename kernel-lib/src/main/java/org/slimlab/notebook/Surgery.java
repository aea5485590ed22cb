package org.slimlab.notebook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.slimlab.anchors.AnchorFit;
import org.slimlab.model.LayerRow;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Notebook facade for the yaml workbench: delete rows with automatic re-indexing and see what moves, tabulate
 * depth and width multiples, swap a module for a lighter one, and fit anchors to a dataset.
 */
public final class Surgery {
    private Surgery() {
    }

    /** Rows as the yaml writes them: index, from, number, module, args. */
    public static Table rows(ModelSpec spec) {
        List<LayerRow> r = spec.rows();
        return Table.create(spec.name() + " rows",
                IntColumn.create("row", IntStream.range(0, r.size()).toArray()),
                StringColumn.create("from", r.stream().map(x -> x.fromList() ? x.from().toString()
                        : String.valueOf(x.from().get(0))).toList()),
                IntColumn.create("n", r.stream().mapToInt(LayerRow::number).toArray()),
                StringColumn.create("module", r.stream().map(LayerRow::module).toList()),
                StringColumn.create("args", r.stream().map(x -> x.args().toString()).toList()));
    }

    /** Layers, parameters and GFLOPs (at {@code img}) of each model, with the change from the first one. */
    public static Table diff(int img, ModelSpec... specs) {
        List<ModelSummary> s = Arrays.stream(specs).map(x -> ModelSummary.of(x, img)).toList();
        long p0 = s.get(0).parameters();
        double g0 = s.get(0).gflops();
        return Table.create("at " + img + " px",
                StringColumn.create("model", s.stream().map(ModelSummary::name).toList()),
                IntColumn.create("rows", Arrays.stream(specs).mapToInt(x -> x.rows().size()).toArray()),
                IntColumn.create("layers", s.stream().mapToInt(ModelSummary::layers).toArray()),
                LongColumn.create("parameters", s.stream().mapToLong(ModelSummary::parameters).toArray()),
                LongColumn.create("params change", s.stream().mapToLong(m -> m.parameters() - p0).toArray()),
                DoubleColumn.create("GFLOPs", s.stream().mapToDouble(m -> round(m.gflops(), 4))),
                DoubleColumn.create("GFLOPs change", s.stream().mapToDouble(m -> round(m.gflops() - g0, 4))));
    }

    /** Parameters and GFLOPs (at 640) of {@code spec} at every pair of depth and width multiples. */
    public static Table multiples(ModelSpec spec, double[] depths, double[] widths) {
        DoubleColumn d = DoubleColumn.create("depth");
        DoubleColumn w = DoubleColumn.create("width");
        LongColumn p = LongColumn.create("parameters");
        DoubleColumn g = DoubleColumn.create("GFLOPs");
        for (double depth : depths) {
            for (double width : widths) {
                ModelSummary s = ModelSummary.of(spec.scale(depth, width));
                d.append(depth);
                w.append(width);
                p.append(s.parameters());
                g.append(round(s.gflops(), 3));
            }
        }
        return Table.create(spec.name() + " multiples", d, w, p, g);
    }

    /**
     * Replaces the module of every row that uses {@code module} by {@code lighter}, keeping inputs, repeats and
     * arguments ({@code C3} → {@code C3Ghost}, {@code Conv} → {@code GhostConv}, ...).
     */
    public static ModelSpec replaceModule(ModelSpec spec, String module, String lighter) {
        List<LayerRow> rows = new ArrayList<>();
        for (LayerRow r : spec.rows()) {
            rows.add(r.module().equals(module)
                    ? new LayerRow(r.from(), r.fromList(), r.number(), lighter, r.args(), r.widths(), r.line()) : r);
        }
        return spec.toBuilder().rows(rows, spec.backboneSize())
                .name(spec.name() + "-" + lighter.toLowerCase(Locale.ROOT)).build();
    }

    /** Fits the anchors of {@code spec} to the training boxes of {@code dataYaml} at {@code img} pixels (seed 0). */
    public static AnchorFit.Result fitAnchors(ModelSpec spec, Path dataYaml, int img, int generations) {
        return AnchorFit.fit(spec, dataYaml, img, AnchorFit.Options.defaults().withGenerations(generations));
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
