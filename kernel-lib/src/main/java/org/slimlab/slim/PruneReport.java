package org.slimlab.slim;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;
import org.slimlab.report.Latency;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Before and after pruning, side by side: parameters and GFLOPs (Ultralytics counting) of the
 * whole model and of every row, a bar chart of the rows, and, when measured, inference latency.
 */
public final class PruneReport {
    /** A latency measured on both models with the same settings. */
    public record LatencyPair(Latency.Result before, Latency.Result after) {
        /** After / before. */
        public double ratio() {
            return after.medianMs() / before.medianMs();
        }
    }

    private final ModelSummary before;
    private final ModelSummary after;
    private final List<LatencyPair> latency = new ArrayList<>();

    private PruneReport(ModelSummary before, ModelSummary after) {
        this.before = before;
        this.after = after;
    }

    /** Compares two initialized models with the same rows, GFLOPs counted at {@code img} pixels. */
    public static PruneReport of(YoloModel original, YoloModel pruned, int img) {
        if (original.size() != pruned.size()) {
            throw new IllegalArgumentException("the models have " + original.size() + " and " + pruned.size() + " rows");
        }
        return new PruneReport(ModelSummary.of(original, img), ModelSummary.of(pruned, img));
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

    /** One line per row: module, output channels, parameters and GFLOPs before and after. */
    public Table layers() {
        List<ModelSummary.Row> a = before.rows();
        List<ModelSummary.Row> z = after.rows();
        Table t = Table.create("pruning per row");
        t.addColumns(IntColumn.create("row", a.stream().mapToInt(ModelSummary.Row::index).toArray()),
                StringColumn.create("module", a.stream().map(ModelSummary.Row::module).toList()),
                StringColumn.create("output before", a.stream().map(ModelSummary.Row::output).toList()),
                StringColumn.create("output after", z.stream().map(ModelSummary.Row::output).toList()),
                LongColumn.create("params before", a.stream().mapToLong(ModelSummary.Row::params).toArray()),
                LongColumn.create("params after", z.stream().mapToLong(ModelSummary.Row::params).toArray()),
                DoubleColumn.create("GFLOPs before", a.stream().mapToDouble(r -> gflops(r.macs())).toArray()),
                DoubleColumn.create("GFLOPs after", z.stream().mapToDouble(r -> gflops(r.macs())).toArray()));
        return t;
    }

    private static double gflops(long macs) {
        return Math.round(2.0 * macs / 1e9 * 1e4) / 1e4;
    }

    /** Parameters per row before and after, as grouped bars. */
    public CategoryChart chart() {
        CategoryChart c = new CategoryChartBuilder().width(900).height(400).title("Parameters per row")
                .xAxisTitle("row").yAxisTitle("parameters").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setOverlapped(false);
        c.getStyler().setXAxisLabelRotation(90);
        List<String> rows = before.rows().stream().map(r -> r.index() + " " + r.module()).toList();
        c.addSeries("before", rows, before.rows().stream().map(r -> (Number) r.params()).toList());
        c.addSeries("after", rows, after.rows().stream().map(r -> (Number) r.params()).toList());
        return c;
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
