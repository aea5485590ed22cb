package org.slimlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Accuracy against cost, one marker per model, with the Pareto front drawn as a line through the models on it
 * (their legend entries are marked with a star).
 */
public final class ComparisonPlots {
    private static final Color FRONT = new Color(214, 39, 40);

    private ComparisonPlots() {
    }

    /** mAP50-95 against CPU latency at batch 1. */
    public static XYChart mapVsLatency(List<VariantRow> rows) {
        return pareto(rows, "mAP50-95 vs CPU latency (batch 1)", "CPU latency, batch 1 (ms)", VariantRow::cpuB1Ms);
    }

    /** mAP50-95 against GFLOPs at 640. */
    public static XYChart mapVsGflops(List<VariantRow> rows) {
        return pareto(rows, "mAP50-95 vs GFLOPs", "GFLOPs (640 px)", VariantRow::gflops);
    }

    /** mAP50-95 against any cost; models without a finite cost are left out. */
    public static XYChart pareto(List<VariantRow> rows, String title, String xLabel, ToDoubleFunction<VariantRow> cost) {
        XYChart chart = new XYChartBuilder().width(720).height(480).title(title).xAxisTitle(xLabel)
                .yAxisTitle("mAP50-95").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(10);
        double[] x = rows.stream().mapToDouble(cost).toArray();
        double[] y = rows.stream().mapToDouble(VariantRow::map50_95).toArray();
        boolean[] front = ParetoFront.of(x, y);
        List<Integer> onFront = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                continue;
            }
            String label = rows.get(i).name() + (front[i] ? " *" : "");
            chart.addSeries(label, new double[] {x[i]}, new double[] {y[i]});
            if (front[i]) {
                onFront.add(i);
            }
        }
        onFront.sort(Comparator.comparingDouble(i -> x[i]));
        if (!onFront.isEmpty()) {
            XYSeries line = chart.addSeries("Pareto front (*)", onFront.stream().mapToDouble(i -> x[i]).toArray(),
                    onFront.stream().mapToDouble(i -> y[i]).toArray());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(FRONT);
            line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }
}
