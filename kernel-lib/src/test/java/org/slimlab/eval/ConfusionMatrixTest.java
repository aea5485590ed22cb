package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;

class ConfusionMatrixTest {

    @Test
    void countsHitsConfusionsMissesAndBackgroundDetections() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        GroundTruth g = GroundTruth.of(new float[][] {
            {0, 0, 0, 20, 20},      // found as class 0
            {1, 50, 50, 70, 70},    // found as class 2
            {2, 100, 100, 120, 120} // missed
        });
        Detections d = Detections.of(new float[][] {
            {0, 0, 20, 20, 0.9f, 0},
            {50, 50, 70, 70, 0.8f, 2},
            {200, 200, 220, 220, 0.7f, 1},  // on background
            {100, 100, 120, 120, 0.2f, 2}   // below conf 0.25: ignored
        });
        cm.process(d, g);
        assertArrayEquals(new long[][] {
            {1, 0, 0, 0},
            {0, 0, 0, 1},
            {0, 1, 0, 0},
            {0, 0, 1, 0}
        }, cm.counts());
        assertArrayEquals(new long[] {1, 0, 0}, cm.truePositives());
        assertArrayEquals(new long[] {0, 1, 1}, cm.falsePositives());
    }

    @Test
    void unmatchedDetectionsCountAlsoWhenNothingMatchedAndInImagesWithoutLabels() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.process(Detections.of(new float[][] {{200, 200, 220, 220, 0.7f, 1}}),
                GroundTruth.of(new float[][] {{0, 0, 0, 20, 20}}));
        cm.process(Detections.of(new float[][] {{0, 0, 10, 10, 0.9f, 0}}), GroundTruth.empty());
        cm.process(Detections.empty(), GroundTruth.of(new float[][] {{1, 0, 0, 20, 20}}));
        assertArrayEquals(new long[][] {
            {0, 0, 1},
            {0, 0, 1},
            {1, 1, 0}
        }, cm.counts());
    }

    @Test
    void eachLabelTakesItsBestDetectionOnce() {
        ConfusionMatrix cm = new ConfusionMatrix(1);
        cm.process(Detections.of(new float[][] {{0, 0, 20, 20, 0.9f, 0}, {1, 0, 20, 20, 0.8f, 0}}),
                GroundTruth.of(new float[][] {{0, 0, 0, 20, 20}}));
        assertArrayEquals(new long[][] {{1, 1}, {0, 0}}, cm.counts());
    }

    @Test
    void normalizedColumnsSumToOneAndTextNamesTheClasses() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.process(Detections.of(new float[][] {{0, 0, 20, 20, 0.9f, 1}}),
                GroundTruth.of(new float[][] {{0, 0, 0, 20, 20}, {0, 50, 50, 60, 60}}));
        double[][] n = cm.normalized();
        assertEquals(0.5, n[1][0], 1e-9);
        assertEquals(0.5, n[2][0], 1e-9);
        String text = cm.text(List.of("cat", "dog"));
        assertTrue(text.contains("cat") && text.contains("dog") && text.contains("background"), text);
        assertThrows(SlimException.class, () -> cm.process(Detections.empty(),
                GroundTruth.of(new float[][] {{5, 0, 0, 1, 1}})));
    }
}
