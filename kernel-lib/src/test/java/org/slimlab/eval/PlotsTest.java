package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.slimlab.SlimException;

class PlotsTest {
    private static final List<String> NAMES = List.of("cat", "dog", "bird");

    private static DetMetrics metrics() {
        DetectionEvaluator e = new DetectionEvaluator(NAMES);
        e.add(Detections.of(new float[][] {
            {10, 10, 50, 50, 0.9f, 0}, {60, 60, 90, 90, 0.7f, 2}, {100, 0, 120, 20, 0.6f, 1}}),
            GroundTruth.of(new float[][] {{0, 10, 10, 50, 50}, {1, 60, 60, 90, 90}}));
        return e.result();
    }

    @Test
    void prCurveHasOneLinePerLabelledClassAndTheMean() {
        XYChart pr = MetricPlots.precisionRecall(metrics());
        assertEquals(List.of("cat 0.995", "dog 0.000", "all classes 0.497 mAP@0.5"),
                List.copyOf(pr.getSeriesMap().keySet()));
        assertEquals("Recall", pr.getXAxisTitle());
        XYChart f1 = MetricPlots.f1Confidence(metrics());
        assertEquals(3, f1.getSeriesMap().size());
        assertTrue(f1.getSeriesMap().containsKey("cat"));
        assertEquals("F1-Confidence Curve", f1.getTitle());
        assertEquals("Precision", MetricPlots.precisionConfidence(metrics()).getYAxisTitle());
        assertEquals("Recall", MetricPlots.recallConfidence(metrics()).getYAxisTitle());
    }

    @Test
    void plotsSaveAsPng(@TempDir Path dir) throws Exception {
        Path chart = MetricPlots.savePng(MetricPlots.precisionRecall(metrics()), dir.resolve("PR_curve.png"));
        BufferedImage back = ImageIO.read(chart.toFile());
        assertEquals(900, back.getWidth());
        assertEquals(600, back.getHeight());
        Path cm = MetricPlots.savePng(MetricPlots.confusionMatrix(metrics(), true), dir.resolve("cm/confusion.png"));
        assertTrue(ImageIO.read(cm.toFile()).getWidth() > 200);
        assertThrows(SlimException.class, () -> MetricPlots.savePng("text", dir.resolve("x.png")));
    }

    @Test
    void confusionHeatmapShadesOnlyFilledCells() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.process(Detections.of(new float[][] {{0, 0, 20, 20, 0.9f, 0}}),
                GroundTruth.of(new float[][] {{0, 0, 0, 20, 20}}));
        BufferedImage img = ConfusionMatrixImage.render(cm, List.of("cat", "dog"), false);
        // find the grid: the darkest pixel is inside the single filled cell (cat, cat)
        int darkest = Integer.MAX_VALUE;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (c.getBlue() > c.getRed() + 40) {
                    darkest = Math.min(darkest, c.getRed() + c.getGreen());
                }
            }
        }
        assertTrue(darkest < 100, "a filled cell is dark blue");
        assertEquals(new Color(8, 48, 107), ConfusionMatrixImage.blues(1.0));
        assertEquals(new Color(247, 251, 255), ConfusionMatrixImage.blues(0.0));
    }

    @Test
    void predictionsAreDrawnInTheirClassColourOnACopy() {
        BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Detections d = Detections.of(new float[][] {{40, 40, 160, 90, 0.87f, 1}});
        BufferedImage out = PredictionPainter.draw(img, d, NAMES);
        assertEquals(0, img.getRGB(100, 90) & 0xffffff, "the input is untouched");
        Color dog = PredictionPainter.color(1);
        assertEquals(dog.getRGB(), out.getRGB(100, 90), "bottom edge in the class colour");
        assertNotEquals(PredictionPainter.color(0), dog);
        BufferedImage labels = PredictionPainter.draw(img, GroundTruth.of(new float[][] {{2, 10, 10, 50, 50}}), NAMES);
        assertEquals(PredictionPainter.color(2).getRGB(), labels.getRGB(30, 50));
    }
}
