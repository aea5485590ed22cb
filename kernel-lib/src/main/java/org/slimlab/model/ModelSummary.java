package org.slimlab.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.slimlab.SlimException;
import org.slimlab.model.modules.Trace;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Ultralytics model summary: one line per row (from, n, params, module, arguments, output
 * shape), then {@code <name> summary: L layers, P parameters, G GFLOPs}, counted the Ultralytics
 * way: parameters of the unfused model (fixed DFL weights included), layers = PyTorch modules,
 * GFLOPs = 2 × multiply-accumulates of a 1×3×img×img forward (convolutions without bias, 4 per
 * BatchNorm input element, 1 per nearest-upsample output element), computed from shapes.
 */
public final class ModelSummary {
    /** Ultralytics' default image size. */
    public static final int DEFAULT_IMAGE = 640;

    /**
     * One summary line.
     *
     * @param index row index
     * @param from the row's {@code from} as written
     * @param n repeats after depth scaling
     * @param params parameters of the row
     * @param module module name
     * @param args arguments as the module receives them
     * @param output output shape(s) at batch 1
     * @param macs multiply-accumulates of the row
     */
    public record Row(int index, String from, int n, long params, String module, String args, String output, long macs) {
    }

    private final String name;
    private final int image;
    private final int layers;
    private final long parameters;
    private final long convMacs;
    private final long normElements;
    private final long upsampleElements;
    private final List<Row> rows;

    private ModelSummary(String name, int image, int layers, long parameters, Trace t, List<Row> rows) {
        this.name = name;
        this.image = image;
        this.layers = layers;
        this.parameters = parameters;
        this.convMacs = t.convMacs();
        this.normElements = t.normElements();
        this.upsampleElements = t.upsampleElements();
        this.rows = Collections.unmodifiableList(rows);
    }

    /** Summarizes a spec: builds the model and initializes it in a scratch manager. */
    public static ModelSummary of(ModelSpec spec, int image) {
        YoloModel model = YoloModel.build(spec);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager);
            return of(model, image);
        }
    }

    /** Summarizes a spec at 640. */
    public static ModelSummary of(ModelSpec spec) {
        return of(spec, DEFAULT_IMAGE);
    }

    /** Summarizes a built, initialized model (a pruned one, say) at {@code image} pixels. */
    public static ModelSummary of(YoloModel model, int image) {
        if (!model.isInitialized()) {
            throw new IllegalStateException("initialize the model before summarizing it");
        }
        int stride = (int) model.maxStride();
        if (image <= 0 || image % stride != 0) {
            throw new SlimException(model.spec().name() + ": image size " + image + " must be a positive multiple of "
                    + stride);
        }
        Trace t = Trace.counting();
        List<YoloModel.RowTrace> traces = new ArrayList<>();
        model.traceRows(t, new Shape(1, 3, image, image), traces);
        List<Row> rows = new ArrayList<>();
        long before = 0;
        for (YoloModel.RowTrace rt : traces) {
            LayerPlan l = model.plan().layer(rt.index());
            LayerRow r = l.row();
            String from = r.fromList() ? r.from().toString() : String.valueOf(r.from().get(0));
            rows.add(new Row(rt.index(), from, l.repeats(), YoloModel.parameterCount(model.layer(rt.index())), l.module(),
                    SpecWriter.value(l.printedArgs()), shapes(rt.output()), rt.macsSoFar() - before));
            before = rt.macsSoFar();
        }
        return new ModelSummary(model.spec().name(), image, model.moduleCount(), model.parameterCount(), t, rows);
    }

    private static String shapes(Shape[] out) {
        return java.util.Arrays.stream(out).map(s -> java.util.Arrays.toString(s.getShape()))
                .collect(Collectors.joining(" "));
    }

    /** Model name. */
    public String name() {
        return name;
    }

    /** Image side the GFLOPs are counted at. */
    public int image() {
        return image;
    }

    /** PyTorch modules, as Ultralytics' "layers". */
    public int layers() {
        return layers;
    }

    /** Parameters of the unfused model. */
    public long parameters() {
        return parameters;
    }

    /** Convolution multiply-accumulates (bias not counted). */
    public long convMacs() {
        return convMacs;
    }

    /** BatchNorm input elements (4 operations each). */
    public long normElements() {
        return normElements;
    }

    /** Nearest-upsample output elements (1 operation each). */
    public long upsampleElements() {
        return upsampleElements;
    }

    /** All multiply-accumulates. */
    public long macs() {
        return convMacs + 4 * normElements + upsampleElements;
    }

    /** 2 × multiply-accumulates / 1e9. */
    public double gflops() {
        return 2.0 * macs() / 1e9;
    }

    /** One line per row. */
    public List<Row> rows() {
        return rows;
    }

    /** {@code <name> summary: L layers, P parameters, G GFLOPs} with G to one decimal, as Ultralytics prints it. */
    public String line() {
        return String.format(Locale.ROOT, "%s summary: %d layers, %d parameters, %.1f GFLOPs", name, layers, parameters,
                gflops());
    }

    /** The per-row table and the summary line, as text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%4s %18s %3s %10s  %-16s %-44s %s%n", "", "from", "n", "params", "module",
                "arguments", "output"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%4d %18s %3d %10d  %-16s %-44s %s%n", r.index(), r.from(), r.n(),
                    r.params(), r.module(), r.args(), r.output()));
        }
        return sb.append(line()).append('\n').toString();
    }

    /** The per-row lines as a Tablesaw table (for notebooks). */
    public Table table() {
        Table t = Table.create(name + " summary");
        t.addColumns(IntColumn.create("index", rows.stream().mapToInt(Row::index).toArray()),
                StringColumn.create("from", rows.stream().map(Row::from).toList()),
                IntColumn.create("n", rows.stream().mapToInt(Row::n).toArray()),
                LongColumn.create("params", rows.stream().mapToLong(Row::params).toArray()),
                StringColumn.create("module", rows.stream().map(Row::module).toList()),
                StringColumn.create("arguments", rows.stream().map(Row::args).toList()),
                StringColumn.create("output", rows.stream().map(Row::output).toList()),
                LongColumn.create("macs", rows.stream().mapToLong(Row::macs).toArray()));
        return t;
    }

    @Override
    public String toString() {
        return text();
    }
}
