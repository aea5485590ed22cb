package org.slimlab.anchors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.data.TestData;
import org.slimlab.data.TestData.Rect;
import org.slimlab.model.ModelSpec;

/** K-means, the ratio metric and the genetic refinement on synthetic boxes and on real label files. */
class AnchorFitTest {
    private static final double[][] CENTRES = {{12, 20}, {48, 36}, {150, 110}};

    @TempDir
    Path dir;

    /** 300 boxes around three known sizes, ±5% noise. */
    private static double[][] clustered(long seed) {
        Random r = new Random(seed);
        double[][] boxes = new double[300][];
        for (int i = 0; i < boxes.length; i++) {
            double[] c = CENTRES[i % 3];
            boxes[i] = new double[] {c[0] * (1 + 0.05 * r.nextGaussian()), c[1] * (1 + 0.05 * r.nextGaussian())};
        }
        return boxes;
    }

    @Test
    void kMeansRecoversKnownClusters() {
        double[][] k = KMeans.fit(clustered(1), 3, 10, new Random(0));
        Arrays.sort(k, Comparator.comparingDouble(a -> a[0] * a[1]));
        for (int i = 0; i < 3; i++) {
            assertEquals(CENTRES[i][0], k[i][0], 0.03 * CENTRES[i][0], "w of cluster " + i);
            assertEquals(CENTRES[i][1], k[i][1], 0.03 * CENTRES[i][1], "h of cluster " + i);
        }
        assertTrue(KMeans.distortion(clustered(1), k) < 5);
    }

    @Test
    void ratioMetricCountsBoxesWithinFourTimes() {
        double[][] boxes = {{10, 10}, {39, 39}, {41, 10}, {100, 100}};
        AnchorStats s = AnchorStats.of(new double[][] {{10, 10}}, boxes, 4.0);
        assertEquals(0.5, s.bpr(), 1e-12, "10x10 and 39x39 are within 4x of 10x10; 41 and 100 are not");
        assertEquals(0.5, s.aat(), 1e-12);
        assertEquals((1.0 + 10 / 39.0) / 4, s.fitness(), 1e-12);
    }

    @Test
    void fitImprovesRecallOverBadAnchorsAndIsDeterministic() {
        double[][] boxes = clustered(2);
        double[][] bad = {{400, 400}, {500, 300}, {600, 600}};
        AnchorStats before = AnchorStats.of(bad, boxes, 4.0);
        AnchorFit.Options o = AnchorFit.Options.defaults().withGenerations(200).withSeed(7);
        double[][] fitted = AnchorFit.fit(boxes, 3, o);
        AnchorStats after = AnchorStats.of(fitted, boxes, 4.0);
        assertTrue(before.bpr() < 0.5, before.toString());
        assertEquals(1.0, after.bpr(), 1e-12, after.toString());
        assertTrue(after.fitness() > before.fitness());
        assertArrayEquals(fitted, AnchorFit.fit(boxes, 3, o), "same seed, same anchors");
        // the mutation loop only accepts fitter anchors: never worse than k-means alone
        double[][] kmeansOnly = AnchorFit.fit(boxes, 3, o.withGenerations(0));
        assertTrue(after.fitness() >= AnchorStats.of(kmeansOnly, boxes, 4.0).fitness());
    }

    @Test
    void fitsAModelToLabelFilesAndWritesThemByLevel() {
        Random r = new Random(3);
        for (int i = 0; i < 12; i++) {
            // long flat boxes that no COCO anchor matches, and small squares that the smallest ones do
            int w = 100 + r.nextInt(20);
            int h = 3 + r.nextInt(3);
            int s = 5 + r.nextInt(4);
            TestData.labelled(dir.resolve("d/images/train/" + i + ".png"), 128, 64,
                    new Rect[] {new Rect(2, 2, 2 + w, 2 + h, 0xFF0000), new Rect(60, 20, 60 + s, 20 + s, 0x00FF00)},
                    new int[] {0, 1});
        }
        Path data = TestData.yaml(dir.resolve("d"), "a", "b");
        ModelSpec spec = ModelSpec.load("yolov5n");
        AnchorFit.Result fit = AnchorFit.fit(spec, data, 256, AnchorFit.Options.defaults().withGenerations(300));
        assertEquals(24, fit.boxes());
        assertTrue(fit.beforeStats().bpr() <= 0.5, fit.text());
        assertEquals(1.0, fit.afterStats().bpr(), 1e-12, fit.text());
        assertTrue(fit.afterStats().fitness() > fit.beforeStats().fitness(), fit.text());
        assertEquals(2, fit.spec().nc());
        assertEquals(3, fit.spec().anchors().size());
        float[][] levels = fit.spec().anchorPixels();
        for (int l = 0; l < 3; l++) {
            assertEquals(6, levels[l].length);
            for (int j = 0; j < 3; j++) {
                assertEquals(fit.after()[3 * l + j][0], levels[l][2 * j], 0.0);
                assertEquals(fit.after()[3 * l + j][1], levels[l][2 * j + 1], 0.0);
            }
        }
        assertThrows(SlimException.class, () -> AnchorFit.fit(ModelSpec.load("yolov8n"), data, 256,
                AnchorFit.Options.defaults()));
    }
}
