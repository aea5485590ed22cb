package org.slimlab.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws detections (box, class name, score) or labels (box, class name) on a copy of an image, one colour per
 * class, with the DejaVu Sans font that headless machines carry. Boxes must be in the image's pixels: map
 * letterboxed detections with {@link LetterboxMap#toOriginal(Detections)} before drawing on the original image.
 */
public final class PredictionPainter {
    private static final double GOLDEN = 0.618033988749895;

    private PredictionPainter() {
    }

    /** A copy of {@code image} with the detections drawn, each labelled {@code "<name> <score>"}. */
    public static BufferedImage draw(BufferedImage image, Detections dets, List<String> names) {
        BufferedImage out = copy(image);
        Graphics2D g = begin(out);
        try {
            for (int i = dets.size() - 1; i >= 0; i--) {
                String label = EvalLabels.name(names, dets.cls(i)) + " " + CFormat.f(dets.score(i), 2);
                box(g, out, dets.x1(i), dets.y1(i), dets.x2(i), dets.y2(i), color(dets.cls(i)), label);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A copy of {@code image} with the labelled objects drawn, each labelled with its class name. */
    public static BufferedImage draw(BufferedImage image, GroundTruth gt, List<String> names) {
        BufferedImage out = copy(image);
        Graphics2D g = begin(out);
        try {
            for (int i = 0; i < gt.size(); i++) {
                box(g, out, gt.x1(i), gt.y1(i), gt.x2(i), gt.y2(i), color(gt.cls(i)), EvalLabels.name(names, gt.cls(i)));
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The colour of class {@code cls}: hues spread by the golden ratio, so neighbouring classes differ. */
    public static Color color(int cls) {
        float hue = (float) ((cls * GOLDEN) % 1.0);
        return Color.getHSBColor(hue, 0.85f, 0.95f);
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Graphics2D begin(BufferedImage out) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int lw = lineWidth(out);
        g.setStroke(new BasicStroke(lw));
        g.setFont(new Font("DejaVu Sans", Font.PLAIN, Math.max(10, lw * 5)));
        return g;
    }

    private static int lineWidth(BufferedImage img) {
        return Math.max((int) Math.round((img.getWidth() + img.getHeight()) / 2.0 * 0.003), 2);
    }

    private static void box(Graphics2D g, BufferedImage img, float x1, float y1, float x2, float y2, Color c,
                            String label) {
        int ix1 = Math.round(x1);
        int iy1 = Math.round(y1);
        int w = Math.max(1, Math.round(x2) - ix1);
        int h = Math.max(1, Math.round(y2) - iy1);
        g.setColor(c);
        g.drawRect(ix1, iy1, w, h);
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(label) + 4;
        int th = fm.getHeight();
        int ty = iy1 - th >= 0 ? iy1 - th : iy1;
        int tx = Math.max(0, Math.min(ix1, img.getWidth() - tw));
        g.fillRect(tx, ty, tw, th);
        g.setColor(luminance(c) > 140 ? Color.BLACK : Color.WHITE);
        g.drawString(label, tx + 2, ty + fm.getAscent());
    }

    private static double luminance(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }
}
