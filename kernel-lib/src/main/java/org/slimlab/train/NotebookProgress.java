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
import org.slimlab.notebook.Rich;

/**
 * Live progress in a notebook through {@link Displays#sink()}: an HTML progress bar ({@link Rich} HTML with a text
 * fallback) updated in place, an XChart plot of the running mean of each loss part against fractional epochs, and
 * from the first validation on a plot of mAP50 and mAP50-95 per epoch. The bar refreshes at most twice a second,
 * the loss plot once every two seconds and at every epoch end. When the sink cannot replace output in place (a
 * plain console), it shows a {@link ConsoleProgress} bar instead.
 */
public final class NotebookProgress implements TrainListener {
    private static final long BAR_NANOS = 500_000_000L;
    private static final long PLOT_NANOS = 2_000_000_000L;

    private final DisplaySink sink;
    private final XYChart chart;
    private final XYChart metricsChart;
    private final List<Double> epochs = new ArrayList<>();
    private final List<Double> map50 = new ArrayList<>();
    private final List<Double> map5095 = new ArrayList<>();
    private String metricsId;
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
        chart.getStyler().setXAxisDecimalPattern("0.##");
        metricsChart = new XYChartBuilder().width(640).height(320).title("validation").xAxisTitle("epoch")
                .yAxisTitle("mAP").build();
    }

    /** The loss chart (updated in place as training runs). */
    public XYChart chart() {
        return chart;
    }

    /** The validation chart: mAP50 and mAP50-95 per epoch (updated in place after every epoch). */
    public XYChart metricsChart() {
        return metricsChart;
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
        barId = sink.display(bar(plan.startEpoch(), plan.epochs(), plan.startBatch(), plan.batches(), "starting", ""));
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
            sink.update(barId, bar(s.epoch(), s.epochs(), s.batch() + 1, s.batches(),
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
        Double m50 = row.get("metrics/mAP50");
        Double m = row.get("metrics/mAP50-95");
        if (m50 != null && m != null && !m50.isNaN() && !m.isNaN()) {
            epochs.add((double) (epoch + 1));
            map50.add(m50);
            map5095.add(m);
            plotMetrics();
        }
    }

    @Override
    public void onFinish(TrainResult r) {
        if (console != null) {
            console.onFinish(r);
            return;
        }
        sink.update(barId, bar(r.epochsDone(), Math.max(r.epochsDone(), 1), 1, 1,
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

    private void plotMetrics() {
        if (metricsId == null) {
            metricsChart.addSeries("mAP50", epochs, map50);
            metricsChart.addSeries("mAP50-95", epochs, map5095);
            metricsId = sink.display(metricsChart);
        } else {
            metricsChart.updateXYSeries("mAP50", epochs, map50, null);
            metricsChart.updateXYSeries("mAP50-95", epochs, map5095, null);
            sink.update(metricsId, metricsChart);
        }
    }

    /** The bar as an HTML fragment with its text form. */
    static Rich bar(int epoch, int epochs, int batch, int batches, String status, String epochLine) {
        int shown = Math.min(epoch + 1, epochs);
        String html = String.format(Locale.ROOT, "<div style=\"font-family:monospace\">epoch %d/%d "
                + "<progress value=\"%d\" max=\"%d\" style=\"width:240px;vertical-align:middle\"></progress> "
                + "%d/%d &middot; %s%s</div>", shown, epochs, batch, batches, batch, batches,
                status, epochLine.isEmpty() ? "" : "<br>" + epochLine);
        String plain = String.format(Locale.ROOT, "epoch %d/%d %d/%d %s", shown, epochs, batch, batches,
                unescape(status)) + (epochLine.isEmpty() ? "" : "\n" + unescape(epochLine));
        return Rich.html(html, plain);
    }

    private static String unescape(String s) {
        return s.replace("&middot;", "·").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
