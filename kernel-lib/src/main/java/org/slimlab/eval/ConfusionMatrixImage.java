package org.slimlab.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws a {@link ConfusionMatrix} as a blue heatmap with class names on both axes and a colour bar. */
final class ConfusionMatrixImage {
    private static final int[][] BLUES = {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
    private static final int ANNOTATE_LIMIT = 30;

    private ConfusionMatrixImage() {
    }

    static BufferedImage render(ConfusionMatrix cm, List<String> names, boolean normalize) {
        int n = cm.nc() + 1;
        String[] labels = EvalLabels.withBackground(names, cm.nc());
        double[][] values = normalize ? cm.normalized() : toDouble(cm.counts());
        double max = normalize ? 1.0 : Math.max(1.0, maxOf(values));
        int cell = Math.max(12, Math.min(60, 640 / n));
        Font labelFont = new Font("DejaVu Sans", Font.PLAIN, Math.max(9, Math.min(14, cell / 3)));
        Font titleFont = new Font("DejaVu Sans", Font.BOLD, 18);
        Font axisFont = new Font("DejaVu Sans", Font.PLAIN, 14);
        int labelWidth = textWidth(labelFont, labels);
        int left = labelWidth + 50;
        int top = 50;
        int grid = cell * n;
        int bottom = labelWidth + 50;
        int right = 110;
        BufferedImage img = new BufferedImage(left + grid + right, top + grid + bottom, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            drawCells(g, values, max, normalize, left, top, cell, n, labelFont);
            drawLabels(g, labels, left, top, cell, labelFont);
            drawTitles(g, normalize ? "Confusion Matrix Normalized" : "Confusion Matrix", left, top, grid,
                    labelWidth, titleFont, axisFont);
            drawColorBar(g, left + grid + 30, top, grid, max, normalize, labelFont);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawCells(Graphics2D g, double[][] values, double max, boolean normalize, int left, int top,
                                  int cell, int n, Font font) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        boolean annotate = n - 1 < ANNOTATE_LIMIT;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = values[i][j];
                boolean shown = normalize ? v >= 0.005 : v > 0;
                int x = left + j * cell;
                int y = top + i * cell;
                g.setColor(shown ? blues(v / max) : Color.WHITE);
                g.fillRect(x, y, cell, cell);
                if (shown && annotate) {
                    String text = normalize ? CFormat.f(v, 2) : String.valueOf((long) v);
                    if (fm.stringWidth(text) < cell - 2) {
                        g.setColor(v / max > 0.5 ? Color.WHITE : Color.BLACK);
                        g.drawString(text, x + (cell - fm.stringWidth(text)) / 2,
                                y + (cell + fm.getAscent() - fm.getDescent()) / 2);
                    }
                }
            }
        }
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, cell * n, cell * n);
    }

    private static void drawLabels(Graphics2D g, String[] labels, int left, int top, int cell, Font font) {
        g.setFont(font);
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        int n = labels.length;
        for (int i = 0; i < n; i++) {
            int w = fm.stringWidth(labels[i]);
            g.drawString(labels[i], left - 6 - w, top + i * cell + (cell + fm.getAscent() - fm.getDescent()) / 2);
        }
        AffineTransform saved = g.getTransform();
        for (int j = 0; j < n; j++) {
            int x = left + j * cell + (cell + fm.getAscent() - fm.getDescent()) / 2;
            int y = top + n * cell + 6;
            g.setTransform(saved);
            g.translate(x, y);
            g.rotate(Math.PI / 2);
            g.drawString(labels[j], 0, 0);
        }
        g.setTransform(saved);
    }

    private static void drawTitles(Graphics2D g, String title, int left, int top, int grid, int labelWidth,
                                   Font titleFont, Font axisFont) {
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, left + (grid - fm.stringWidth(title)) / 2, top - 18);
        g.setFont(axisFont);
        fm = g.getFontMetrics();
        g.drawString("True", left + (grid - fm.stringWidth("True")) / 2, top + grid + labelWidth + 36);
        AffineTransform saved = g.getTransform();
        g.translate(20, top + (grid + fm.stringWidth("Predicted")) / 2);
        g.rotate(-Math.PI / 2);
        g.drawString("Predicted", 0, 0);
        g.setTransform(saved);
    }

    private static void drawColorBar(Graphics2D g, int x, int top, int height, double max, boolean normalize,
                                     Font font) {
        int width = 18;
        for (int y = 0; y < height; y++) {
            g.setColor(blues(1.0 - (double) y / Math.max(1, height - 1)));
            g.drawLine(x, top + y, x + width, top + y);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, top, width, height);
        g.setFont(font);
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        String hi = normalize ? "1.0" : String.valueOf((long) max);
        g.drawString(hi, x + width + 6, top + fm.getAscent());
        g.drawString("0", x + width + 6, top + height);
    }

    /** The blue colour map at {@code t} in [0, 1]. */
    static Color blues(double t) {
        double s = Math.max(0, Math.min(1, t)) * (BLUES.length - 1);
        int i = Math.min((int) s, BLUES.length - 2);
        double f = s - i;
        int[] a = BLUES[i];
        int[] b = BLUES[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    private static int textWidth(Font font, String[] labels) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font);
            int w = 0;
            for (String s : labels) {
                w = Math.max(w, fm.stringWidth(s));
            }
            return w;
        } finally {
            g.dispose();
        }
    }

    private static double[][] toDouble(long[][] counts) {
        double[][] d = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            d[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) {
                d[i][j] = counts[i][j];
            }
        }
        return d;
    }

    private static double maxOf(double[][] v) {
        double m = 0;
        for (double[] row : v) {
            for (double x : row) {
                m = Math.max(m, x);
            }
        }
        return m;
    }
}
