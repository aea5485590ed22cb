package org.slimlab.eval;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slimlab.SlimException;

/**
 * The validation plots Ultralytics saves, as objects a notebook displays: the precision-recall curve, the
 * F1-, precision- and recall-confidence curves (XChart {@link XYChart}) and the confusion matrix
 * ({@link BufferedImage}). Per-class lines get a legend when there are fewer than 21 classes; the bold blue line
 * is the class mean. Lines are drawn at the 101 points 0, 0.01, ..., 1 (the grid AP integrates over); the
 * figures in the legends come from the full curves.
 */
public final class MetricPlots {
    private static final int LEGEND_LIMIT = 21;
    private static final Color MEAN_COLOR = new Color(31, 119, 180);
    private static final double[] PLOT_X = CurveMath.linspace(0, 1, 101);

    private MetricPlots() {
    }

    /** Precision against recall per class at IoU 0.5, with the mean labelled by mAP50. */
    public static XYChart precisionRecall(DetMetrics m) {
        MetricCurves c = m.curves();
        XYChart chart = newChart("Precision-Recall Curve", "Recall", "Precision");
        boolean legend = c.classes().length > 0 && c.classes().length < LEGEND_LIMIT;
        Set<String> used = new HashSet<>();
        for (int k = 0; k < c.classes().length; k++) {
            String label = EvalLabels.name(m.names(), c.classes()[k]) + " " + CFormat.f(m.ap().ap50(k), 3);
            addClassSeries(chart, unique(label, used), c.x(), c.prPrecision()[k], legend);
        }
        double[] mean = MetricCurves.mean(c.prPrecision(), c.x().length);
        addMeanSeries(chart, unique("all classes " + CFormat.f(m.map50(), 3) + " mAP@0.5", used), c.x(), mean);
        return chart;
    }

    /** F1 against confidence per class; the mean is smoothed and labelled with its peak. */
    public static XYChart f1Confidence(DetMetrics m) {
        return confidenceChart(m, "F1", m.curves().f1());
    }

    /** Precision against confidence per class, with the smoothed mean. */
    public static XYChart precisionConfidence(DetMetrics m) {
        return confidenceChart(m, "Precision", m.curves().precision());
    }

    /** Recall against confidence per class, with the smoothed mean. */
    public static XYChart recallConfidence(DetMetrics m) {
        return confidenceChart(m, "Recall", m.curves().recall());
    }

    /** The confusion matrix as a heatmap with class names; {@code normalize} divides each true-class column by its sum. */
    public static BufferedImage confusionMatrix(DetMetrics m, boolean normalize) {
        return ConfusionMatrixImage.render(m.confusionMatrix(), m.names(), normalize);
    }

    /**
     * Saves an XChart chart or a {@link BufferedImage} as PNG, creating the directory.
     *
     * @throws SlimException naming the file when the plot type is unknown or the file cannot be written
     */
    public static Path savePng(Object plot, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (plot instanceof BufferedImage img) {
                ImageIO.write(img, "png", file.toFile());
            } else if (plot instanceof Chart<?, ?> chart) {
                ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", file.toFile());
            } else {
                throw new SlimException(file + ": cannot save a " + (plot == null ? "null" : plot.getClass().getName())
                        + " as PNG, expected a chart or an image");
            }
            return file;
        } catch (IOException e) {
            throw new SlimException(file + ": cannot write PNG: " + e.getMessage(), e);
        }
    }

    private static XYChart confidenceChart(DetMetrics m, String metric, double[][] rows) {
        MetricCurves c = m.curves();
        XYChart chart = newChart(metric + "-Confidence Curve", "Confidence", metric);
        boolean legend = c.classes().length > 0 && c.classes().length < LEGEND_LIMIT;
        Set<String> used = new HashSet<>();
        for (int k = 0; k < c.classes().length; k++) {
            addClassSeries(chart, unique(EvalLabels.name(m.names(), c.classes()[k]), used), c.x(), rows[k], legend);
        }
        double[] mean = CurveMath.smooth(MetricCurves.mean(rows, c.x().length), 0.05);
        int best = CurveMath.argmax(mean);
        String label = "all classes " + CFormat.f(mean[best], 2) + " at " + CFormat.f(c.x()[best], 3);
        addMeanSeries(chart, unique(label, used), c.x(), mean);
        return chart;
    }

    private static XYChart newChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        s.setXAxisDecimalPattern("0.0#").setYAxisDecimalPattern("0.0#");
        return chart;
    }

    private static void addClassSeries(XYChart chart, String name, double[] x, double[] y, boolean legend) {
        XYSeries s = chart.addSeries(name, PLOT_X, resample(x, y));
        s.setMarker(SeriesMarkers.NONE);
        s.setLineWidth(1f);
        s.setShowInLegend(legend);
        if (!legend) {
            s.setLineColor(Color.GRAY);
        }
    }

    private static void addMeanSeries(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, PLOT_X, resample(x, y));
        s.setMarker(SeriesMarkers.NONE);
        s.setLineWidth(3f);
        s.setLineColor(MEAN_COLOR);
    }

    /** The curve at the plot grid: XChart puts ticks on evenly spaced data, which 0.01 steps make round. */
    private static double[] resample(double[] x, double[] y) {
        double[] out = new double[PLOT_X.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = CurveMath.interp(PLOT_X[i], x, y, x.length, y[0], y[y.length - 1]);
        }
        return out;
    }

    private static String unique(String label, Set<String> used) {
        String s = label;
        for (int i = 2; !used.add(s); i++) {
            s = label + " #" + i;
        }
        return s;
    }
}
