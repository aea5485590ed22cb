package org.slimlab.slim;

import ai.djl.nn.Parameter;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import org.slimlab.report.Latency;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Before and after pruning, side by side: parameters and GFLOPs (Ultralytics counting) of the
 * whole model and of every row, output channels of every convolution, bar charts of both, and,
 * when measured, inference latency at several batch sizes. Rows and blocks removed by layer
 * pruning show as {@code removed}.
 */
public final class PruneReport {
    /** A latency measured on both models with the same settings. */
    public record LatencyPair(Latency.Result before, Latency.Result after) {
        /** After / before. */
        public double ratio() {
            return after.medianMs() / before.medianMs();
        }
    }

    /** Written for a row or convolution that layer pruning removed. */
    public static final String REMOVED = "removed";

    private final ModelSummary before;
    private final ModelSummary after;
    private final UnaryOperator<String> rename;
    private final Map<String, Long> channelsBefore;
    private final Map<String, Long> channelsAfter;
    private final List<LatencyPair> latency = new ArrayList<>();

    private PruneReport(YoloModel original, YoloModel pruned, int img, UnaryOperator<String> rename) {
        this.before = ModelSummary.of(original, img);
        this.after = ModelSummary.of(pruned, img);
        this.rename = rename;
        this.channelsBefore = outChannels(original);
        this.channelsAfter = outChannels(pruned);
    }

    /** Compares two initialized models with the same rows and blocks (channel pruning), GFLOPs counted at {@code img} pixels. */
    public static PruneReport of(YoloModel original, YoloModel pruned, int img) {
        if (original.size() != pruned.size()) {
            throw new IllegalArgumentException("the models have " + original.size() + " and " + pruned.size() + " rows");
        }
        return new PruneReport(original, pruned, img, UnaryOperator.identity());
    }

    /**
     * Compares a model with one made from it by layer pruning (and maybe channel pruning after it):
     * {@code rename} gives the pruned model's name of an original block ({@code model.5} to
     * {@code model.4}), or null for a removed one (see {@link LayerPruning.Result#rename}).
     */
    public static PruneReport of(YoloModel original, YoloModel pruned, int img, UnaryOperator<String> rename) {
        return new PruneReport(original, pruned, img, rename);
    }

    /** Output channels of every convolution, by Conv block name. */
    private static Map<String, Long> outChannels(YoloModel model) {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, Parameter> params = model.namedParameters();
        for (String conv : model.convs().keySet()) {
            Parameter w = params.get(conv + ".conv.weight");
            if (w != null && w.isInitialized()) {
                out.put(conv, w.getArray().getShape().get(0));
            }
        }
        return out;
    }

    /** The pruned model's row of original row {@code i}, or -1 when it was removed. */
    private int newRow(int i) {
        String n = rename.apply("model." + i);
        return n == null ? -1 : Integer.parseInt(n.substring("model.".length()));
    }

    /**
     * Times both models at {@code img} pixels for each batch size, in alternating runs (see
     * {@link Latency#compare}); returns this report.
     */
    public PruneReport measureLatency(YoloModel original, YoloModel pruned, int img, int warmup, int runs, int... batches) {
        for (int b : batches) {
            List<Latency.Result> r = Latency.compare(List.of(original, pruned), b, img, warmup, runs);
            latency.add(new LatencyPair(r.get(0), r.get(1)));
        }
        return this;
    }

    /** Parameters of the original model. */
    public long parametersBefore() {
        return before.parameters();
    }

    /** Parameters of the pruned model. */
    public long parametersAfter() {
        return after.parameters();
    }

    /** GFLOPs of the original model. */
    public double gflopsBefore() {
        return before.gflops();
    }

    /** GFLOPs of the pruned model. */
    public double gflopsAfter() {
        return after.gflops();
    }

    /** Image side GFLOPs are counted at. */
    public int img() {
        return before.image();
    }

    /** Latencies measured so far. */
    public List<LatencyPair> latency() {
        return Collections.unmodifiableList(latency);
    }

    /** One line per row of the original: module, output, parameters and GFLOPs before and after. */
    public Table layers() {
        List<ModelSummary.Row> a = before.rows();
        StringColumn outAfter = StringColumn.create("output after");
        LongColumn paramsAfter = LongColumn.create("params after");
        DoubleColumn flopsAfter = DoubleColumn.create("GFLOPs after");
        for (ModelSummary.Row r : a) {
            int j = newRow(r.index());
            ModelSummary.Row z = j < 0 ? null : after.rows().get(j);
            outAfter.append(z == null ? REMOVED : z.output());
            paramsAfter.append(z == null ? 0 : z.params());
            flopsAfter.append(z == null ? 0 : gflops(z.macs()));
        }
        Table t = Table.create("pruning per row");
        t.addColumns(IntColumn.create("row", a.stream().mapToInt(ModelSummary.Row::index).toArray()),
                StringColumn.create("module", a.stream().map(ModelSummary.Row::module).toList()),
                StringColumn.create("output before", a.stream().map(ModelSummary.Row::output).toList()), outAfter,
                LongColumn.create("params before", a.stream().mapToLong(ModelSummary.Row::params).toArray()), paramsAfter,
                DoubleColumn.create("GFLOPs before", a.stream().mapToDouble(r -> gflops(r.macs())).toArray()), flopsAfter);
        return t;
    }

    /**
     * One line per convolution of the original: output channels before and after (0 when removed),
     * the kept share in percent, and its name in the pruned model.
     */
    public Table channels() {
        StringColumn layer = StringColumn.create("layer");
        StringColumn now = StringColumn.create("layer after");
        LongColumn b = LongColumn.create("channels before");
        LongColumn z = LongColumn.create("channels after");
        DoubleColumn kept = DoubleColumn.create("kept %");
        channelsBefore.forEach((name, c) -> {
            String n = rename.apply(name);
            long c2 = n == null ? 0 : channelsAfter.getOrDefault(n, 0L);
            layer.append(name);
            now.append(n == null ? REMOVED : n);
            b.append(c);
            z.append(c2);
            kept.append(Math.round(1000.0 * c2 / c) / 10.0);
        });
        return Table.create("channels per convolution", layer, now, b, z, kept);
    }

    private static double gflops(long macs) {
        return Math.round(2.0 * macs / 1e9 * 1e4) / 1e4;
    }

    /** Parameters per row before and after, as grouped bars. */
    public CategoryChart chart() {
        List<String> rows = before.rows().stream().map(r -> r.index() + " " + r.module()).toList();
        List<Number> a = before.rows().stream().map(r -> (Number) r.params()).toList();
        List<Number> z = layers().longColumn("params after").asList().stream().map(v -> (Number) v).toList();
        return bars("Parameters per row", "row", "parameters", rows, a, z);
    }

    /** Output channels per convolution before and after, as grouped bars. */
    public CategoryChart channelChart() {
        Table t = channels();
        List<String> names = t.stringColumn("layer").asList().stream().map(n -> n.substring("model.".length())).toList();
        List<Number> a = t.longColumn("channels before").asList().stream().map(v -> (Number) v).toList();
        List<Number> z = t.longColumn("channels after").asList().stream().map(v -> (Number) v).toList();
        return bars("Output channels per convolution", "convolution", "channels", names, a, z);
    }

    private static CategoryChart bars(String title, String x, String y, List<String> names, List<Number> a, List<Number> z) {
        CategoryChart c = new CategoryChartBuilder().width(1000).height(420).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setOverlapped(false);
        c.getStyler().setXAxisLabelRotation(90);
        c.addSeries("before", names, a);
        c.addSeries("after", names, z);
        return c;
    }

    /**
     * The figures by the command line's {@code --json} keys: parameters and GFLOPs before and after,
     * their ratios, and {@code latency_ms_b<B>_before/after} for each measured batch size.
     */
    public Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameters_before", parametersBefore());
        m.put("parameters_after", parametersAfter());
        m.put("parameters_ratio", round((double) parametersAfter() / parametersBefore()));
        m.put("gflops_before", round(gflopsBefore()));
        m.put("gflops_after", round(gflopsAfter()));
        m.put("gflops_ratio", round(gflopsAfter() / gflopsBefore()));
        m.put("gflops_img", img());
        for (LatencyPair p : latency) {
            m.put("latency_ms_b" + p.before().batch() + "_before", round(p.before().medianMs()));
            m.put("latency_ms_b" + p.before().batch() + "_after", round(p.after().medianMs()));
            m.put("latency_ratio_b" + p.before().batch(), round(p.ratio()));
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /**
     * Writes the tables and charts into a run directory: {@code prune_rows.csv}, {@code prune_rows.png},
     * {@code prune_channels.csv} and {@code prune_channels.png}.
     */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            layers().write().csv(dir.resolve("prune_rows.csv").toString());
            channels().write().csv(dir.resolve("prune_channels.csv").toString());
            BitmapEncoder.saveBitmap(chart(), dir.resolve("prune_rows.png").toString(), BitmapEncoder.BitmapFormat.PNG);
            BitmapEncoder.saveBitmap(channelChart(), dir.resolve("prune_channels.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new SlimException("cannot write the pruning report in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Totals and latencies as text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-22s %14s %14s %8s%n", "", "before", "after", "ratio"));
        sb.append(String.format(Locale.ROOT, "%-22s %14d %14d %8.3f%n", "parameters", parametersBefore(), parametersAfter(),
                (double) parametersAfter() / parametersBefore()));
        sb.append(String.format(Locale.ROOT, "%-22s %14.2f %14.2f %8.3f%n", "GFLOPs @" + img(), gflopsBefore(), gflopsAfter(),
                gflopsAfter() / gflopsBefore()));
        for (LatencyPair p : latency) {
            sb.append(String.format(Locale.ROOT, "%-22s %14.2f %14.2f %8.3f%n",
                    "ms batch " + p.before().batch() + " @" + p.before().img(), p.before().medianMs(), p.after().medianMs(),
                    p.ratio()));
            sb.append(String.format(Locale.ROOT, "%-22s %14.2f %14.2f %8.3f%n", "  fastest of " + p.before().runs(),
                    p.before().minMs(), p.after().minMs(), p.after().minMs() / p.before().minMs()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
