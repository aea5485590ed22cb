package org.slimlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slimlab.notebook.DisplaySink;
import org.slimlab.notebook.Displays;

/**
 * Live progress in a notebook through {@link Displays#sink()}: an HTML progress bar (a {@code String} of HTML)
 * updated in place, and an XChart plot of the running mean of each loss part against fractional epochs. The bar
 * refreshes at most twice a second and the plot once every two seconds and at every epoch end. When the sink
 * cannot replace output in place (a plain console), it shows a {@link ConsoleProgress} bar instead.
 */
public final class NotebookProgress implements TrainListener {
    private static final long BAR_NANOS = 500_000_000L;
    private static final long PLOT_NANOS = 2_000_000_000L;

    private final DisplaySink sink;
    private final XYChart chart;
    private final List<Double> xs = new ArrayList<>();
    private final List<List<Double>> ys = new ArrayList<>();
    private List<String> names = List.of();
    private String barId;
    private String chartId;
    private long lastBar;
    private long lastPlot;
    private String epochLine = "";
    private final ConsoleProgress console;

    /** Displays through the installed sink. */
    public NotebookProgress() {
        this(Displays.sink());
    }

    public NotebookProgress(DisplaySink sink) {
        this.sink = sink;
        console = sink.live() ? null : new ConsoleProgress();
        chart = new XYChartBuilder().width(640).height(320).title("training loss").xAxisTitle("epoch")
                .yAxisTitle("loss").build();
        chart.getStyler().setMarkerSize(0);
    }

    /** The loss chart (updated in place as training runs). */
    public XYChart chart() {
        return chart;
    }

    @Override
    public void onStart(TrainPlan plan) {
        if (console != null) {
            console.onStart(plan);
            return;
        }
        names = plan.lossNames();
        for (int i = 0; i < names.size(); i++) {
            ys.add(new ArrayList<>());
        }
        barId = sink.display(html(plan.startEpoch(), plan.epochs(), plan.startBatch(), plan.batches(), "starting", ""));
        chartId = null;
    }

    @Override
    public void onStep(StepReport r) {
        if (console != null) {
            console.onStep(r);
            return;
        }
        StepInfo s = r.step();
        xs.add(s.epoch() + (s.batch() + 1.0) / s.batches());
        for (int i = 0; i < names.size(); i++) {
            ys.get(i).add((double) r.meanLoss()[i]);
        }
        long now = System.nanoTime();
        boolean last = s.batch() + 1 == s.batches();
        if (last || now - lastBar >= BAR_NANOS) {
            lastBar = now;
            sink.update(barId, html(s.epoch(), s.epochs(), s.batch() + 1, s.batches(),
                    ProgressText.losses(r) + " &middot; " + ProgressText.speed(r), epochLine));
        }
        if (now - lastPlot >= PLOT_NANOS) {
            lastPlot = now;
            plot();
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> row) {
        if (console != null) {
            console.onEpochEnd(epoch, row);
            return;
        }
        epochLine = "epoch " + (epoch + 1) + ": " + escape(ProgressText.epochSummary(row));
        plot();
    }

    @Override
    public void onFinish(TrainResult r) {
        if (console != null) {
            console.onFinish(r);
            return;
        }
        sink.update(barId, html(r.epochsDone(), Math.max(r.epochsDone(), 1), 1, 1,
                (r.stopped() ? "stopped" : "finished") + " after " + r.epochsDone() + " epochs", epochLine));
        plot();
    }

    private void plot() {
        if (xs.isEmpty()) {
            return;
        }
        for (int i = 0; i < names.size(); i++) {
            if (chart.getSeriesMap().containsKey(names.get(i))) {
                chart.updateXYSeries(names.get(i), xs, ys.get(i), null);
            } else {
                chart.addSeries(names.get(i), xs, ys.get(i)).setMarker(SeriesMarkers.NONE);
            }
        }
        if (chartId == null) {
            chartId = sink.display(chart);
        } else {
            sink.update(chartId, chart);
        }
    }

    /** The bar as an HTML fragment. */
    static String html(int epoch, int epochs, int batch, int batches, String status, String epochLine) {
        return String.format(Locale.ROOT, "<div style=\"font-family:monospace\">epoch %d/%d "
                + "<progress value=\"%d\" max=\"%d\" style=\"width:240px;vertical-align:middle\"></progress> "
                + "%d/%d &middot; %s%s</div>", Math.min(epoch + 1, epochs), epochs, batch, batches, batch, batches,
                status, epochLine.isEmpty() ? "" : "<br>" + epochLine);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
