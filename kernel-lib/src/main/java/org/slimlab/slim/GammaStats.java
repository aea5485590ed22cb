package org.slimlab.slim;

import ai.djl.nn.Parameter;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slimlab.model.YoloModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How sparse the prunable BatchNorm scales are: mean |γ|, the share below 1e-2 and 1e-3, and
 * percentiles of |γ|; plus histograms for charts (one line per epoch, as TensorBoard shows them).
 *
 * @param count number of γ values
 * @param meanAbs mean |γ|
 * @param below1e2 share of |γ| below 0.01
 * @param below1e3 share of |γ| below 0.001
 * @param p10 10th percentile of |γ|
 * @param p50 median |γ|
 * @param p90 90th percentile of |γ|
 */
public record GammaStats(int count, double meanAbs, double below1e2, double below1e3, double p10, double p50, double p90) {

    /** Statistics of the given |γ| values. */
    public static GammaStats of(float[] gammas) {
        float[] a = new float[gammas.length];
        double sum = 0;
        int b2 = 0;
        int b3 = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(gammas[i]);
            sum += a[i];
            b2 += a[i] < 1e-2 ? 1 : 0;
            b3 += a[i] < 1e-3 ? 1 : 0;
        }
        Arrays.sort(a);
        int n = Math.max(a.length, 1);
        return new GammaStats(a.length, sum / n, (double) b2 / n, (double) b3 / n, percentile(a, 0.1), percentile(a, 0.5),
                percentile(a, 0.9));
    }

    private static double percentile(float[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The γ of every BatchNorm in a prunable dependency group of {@code model}, concatenated. */
    public static float[] prunableGammas(YoloModel model) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Parameter p : SparsityRegularizer.prunableNorms(model, Parameter.Type.GAMMA).values()) {
            float[] v = p.getArray().toFloatArray();
            parts.add(v);
            n += v.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }

    /** The figures under {@code metrics.csv}-style names ({@code sparsity/gamma_mean} ...). */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sparsity/gamma_mean", meanAbs);
        m.put("sparsity/below_1e-2", below1e2);
        m.put("sparsity/below_1e-3", below1e3);
        m.put("sparsity/gamma_p10", p10);
        m.put("sparsity/gamma_p50", p50);
        m.put("sparsity/gamma_p90", p90);
        return m;
    }

    /**
     * Histograms of |γ| as lines over a shared range, one per labelled set (e.g. per epoch).
     *
     * @param sets label to γ values, in legend order
     * @param bins number of bins between 0 and the largest |γ|
     */
    public static XYChart histogram(Map<String, float[]> sets, int bins) {
        float max = 1e-6f;
        for (float[] v : sets.values()) {
            for (float x : v) {
                max = Math.max(max, Math.abs(x));
            }
        }
        XYChart c = new XYChartBuilder().width(800).height(400).title("BatchNorm |gamma| histogram")
                .xAxisTitle("|gamma|").yAxisTitle("channels").build();
        double width = max / bins;
        double[] centres = new double[bins];
        for (int i = 0; i < bins; i++) {
            centres[i] = (i + 0.5) * width;
        }
        for (Map.Entry<String, float[]> e : sets.entrySet()) {
            double[] counts = new double[bins];
            for (float x : e.getValue()) {
                counts[Math.min(bins - 1, (int) (Math.abs(x) / width))]++;
            }
            c.addSeries(e.getKey(), centres, counts).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }
}
