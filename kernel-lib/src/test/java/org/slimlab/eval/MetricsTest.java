package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;

/** Matching and AP on hand-made images, evaluated in one pixel space through {@link DetectionEvaluator#add}. */
class MetricsTest {
    private static final List<String> NAMES = List.of("cat", "dog");
    private static final double TOL = 1e-12;

    private static Detections dets(float[]... rows) {
        return Detections.of(rows);
    }

    private static GroundTruth gts(float[]... rows) {
        return GroundTruth.of(rows);
    }

    private static DetMetrics evaluate(Detections d, GroundTruth g) {
        DetectionEvaluator e = new DetectionEvaluator(NAMES);
        e.add(d, g);
        return e.result();
    }

    @Test
    void perfectPredictionsScoreTheInterpolatedMaximum() {
        // Every label found with precision 1: the 101-point area is 0.99 plus the half-cell (1 + 0) / 2 * 0.01
        // at recall 1, where the sentinel precision 0 takes over: 0.995, as ap_per_class reports.
        GroundTruth g = gts(new float[] {0, 10, 10, 50, 50}, new float[] {1, 60, 60, 120, 100});
        Detections d = dets(new float[] {10, 10, 50, 50, 0.9f, 0}, new float[] {60, 60, 120, 100, 0.8f, 1});
        DetMetrics m = evaluate(d, g);
        assertEquals(0.995, m.map50(), TOL);
        assertEquals(0.995, m.map50_95(), TOL);
        assertEquals(1.0, m.precision(), TOL);
        assertEquals(1.0, m.recall(), TOL);
        assertEquals(0.1 * 0.995 + 0.9 * 0.995, m.fitness(), TOL);
        assertEquals(2, m.classes().size());
    }

    @Test
    void emptyPredictionsScoreZero() {
        DetMetrics m = evaluate(Detections.empty(), gts(new float[] {0, 10, 10, 50, 50}));
        assertEquals(0.0, m.map50());
        assertEquals(0.0, m.map50_95());
        assertEquals(0.0, m.precision());
        assertEquals(0.0, m.recall());
        assertEquals(1, m.instances());
        assertEquals(1, m.classes().size());
    }

    @Test
    void imagesWithoutLabelsGiveNoMetricsAndSayWhy() {
        DetMetrics m = evaluate(dets(new float[] {10, 10, 50, 50, 0.9f, 0}), GroundTruth.empty());
        assertEquals(0.0, m.map50());
        assertEquals(0, m.instances());
        assertEquals(0, m.classes().size());
        assertTrue(m.text().contains("no labels found"), m.text());
    }

    @Test
    void detectionsOfTheWrongClassAreFalsePositivesAndTheirClassIsLeftOut() {
        GroundTruth g = gts(new float[] {0, 10, 10, 50, 50});
        Detections d = dets(new float[] {10, 10, 50, 50, 0.9f, 1});
        assertArrayEquals(new int[] {0}, PredictionMatcher.match(d, g));
        DetMetrics m = evaluate(d, g);
        assertEquals(0.0, m.map50());
        assertEquals(1, m.classes().size(), "dog has no labels, so it has no row and no part in the mean");
        assertEquals(0, m.classes().get(0).classId());
    }

    @Test
    void aDuplicateDetectionIsAFalsePositive() {
        GroundTruth g = gts(new float[] {0, 10, 10, 50, 50});
        Detections d = dets(new float[] {10, 10, 50, 50, 0.9f, 0}, new float[] {11, 10, 50, 50, 0.8f, 0});
        assertArrayEquals(new int[] {0x3ff, 0}, PredictionMatcher.match(d, g));
        DetMetrics m = evaluate(d, g);
        // recall reaches 1 at the first detection with precision 1, so the envelope keeps AP at its maximum
        assertEquals(0.995, m.map50(), TOL);
        // ... but the precision-confidence curve is 1 above the first detection's confidence, one half below the
        // duplicate's, and linear in between (np.interp over the detections' confidences)
        double[] p = m.curves().precision()[0];
        assertEquals(1.0, p[950], TOL);
        assertEquals(0.5, p[500], TOL);
        double x = m.curves().x()[850];
        assertEquals(1 + (0.5 - 1) * (-x + 0.9f) / (-0.8f + 0.9f), p[850], TOL);
    }

    @Test
    void crowdedLabelsAreMatchedOnePerDetection() {
        // Two overlapping cats; each detection overlaps both, the first mostly the left one, the second the right.
        GroundTruth g = gts(new float[] {0, 0, 0, 40, 40}, new float[] {0, 20, 0, 60, 40});
        Detections d = dets(new float[] {2, 0, 40, 40, 0.9f, 0}, new float[] {20, 0, 58, 40, 0.8f, 0});
        int[] tp = PredictionMatcher.match(d, g);
        assertEquals(1, tp[0] & 1);
        assertEquals(1, tp[1] & 1);
        assertEquals(0.995, evaluate(d, g).map50(), TOL);
    }

    @Test
    void aLabelTakenByAnEarlierDetectionLeavesTheLaterOneUnmatched() {
        // Both detections overlap the left cat best (IoU 0.95 and 0.82) and the right one less (0.47 and 0.63).
        // Ultralytics keeps each detection's best label only, so the second is a false positive even though the
        // right cat is free: the matching is per detection, then per label, not a global assignment.
        GroundTruth g = gts(new float[] {0, 0, 0, 40, 40}, new float[] {0, 13, 0, 53, 40});
        Detections d = dets(new float[] {0, 0, 38, 40, 0.9f, 0}, new float[] {4, 0, 44, 40, 0.8f, 0});
        int[] tp = PredictionMatcher.match(d, g);
        assertEquals(1, tp[0] & 1);
        assertEquals(0, tp[1]);
    }

    @Test
    void apOfAKnownRankingMatchesTheHandComputation() {
        // 2 cats; detections ranked TP (0.9), FP (0.8), TP (0.7).
        // recall    = [0.5, 0.5, 1.0], precision = [1, 0.5, 2/3]
        // mrec      = [0, 0.5, 0.5, 1, 1], mpre = [1, 1, 0.5, 2/3, 0] -> envelope [1, 1, 2/3, 2/3, 0]
        // interp at x = 0, 0.01, ..., 1: 1 for x < 0.5; at x = 0.5 the last point of the repeated recall wins (2/3);
        // 2/3 up to 0.99; 0 at x = 1.
        // trapz: 49 cells of 1 (0.49) + cell [0.49, 0.5] (1 + 2/3) / 2 * 0.01 + 49 cells of 2/3 (0.49 * 2/3)
        //        + cell [0.99, 1] (2/3 + 0) / 2 * 0.01 = 0.49 + 0.0083333 + 0.3266667 + 0.0033333 = 0.8283333
        GroundTruth g = gts(new float[] {0, 0, 0, 20, 20}, new float[] {0, 100, 100, 140, 140});
        Detections d = dets(new float[] {0, 0, 20, 20, 0.9f, 0}, new float[] {200, 200, 220, 220, 0.8f, 0},
                new float[] {100, 100, 140, 140, 0.7f, 0});
        DetMetrics m = evaluate(d, g);
        assertEquals(0.49 + 0.01 * (5.0 / 6) + 0.49 * 2 / 3 + 0.01 / 3, m.map50(), 1e-12);
        assertEquals(497.0 / 600, m.map50(), 1e-12);
    }

    @Test
    void iouOfExactlyOneHalfCountsAtTheFirstThresholdOnly() {
        GroundTruth g = gts(new float[] {0, 0, 0, 10, 10});
        Detections half = dets(new float[] {0, 0, 10, 5, 0.9f, 0});
        assertEquals(1, PredictionMatcher.match(half, g)[0]);
        DetMetrics m = evaluate(half, g);
        assertEquals(0.995, m.map50(), TOL);
        assertEquals(0.0995, m.map50_95(), TOL);
        Detections below = dets(new float[] {0, 0, 10, 4.99f, 0.9f, 0});
        assertEquals(0, PredictionMatcher.match(below, g)[0]);
        // IoU 0.76 passes 0.50 ... 0.75: six thresholds
        Detections mid = dets(new float[] {0, 0, 10, 7.6f, 0.9f, 0});
        assertEquals(0b111111, PredictionMatcher.match(mid, g)[0]);
    }

    @Test
    void recallAndPrecisionAreReadAtTheBestF1Confidence() {
        // One cat found at 0.9, a false positive at 0.3. Recall is 0 above 0.9 and 1 below; precision falls
        // linearly from 1 at 0.9 to 0.5 at 0.3. The smoothed F1 peaks a little below 0.9, where P and R are read.
        GroundTruth g = gts(new float[] {0, 0, 0, 20, 20});
        Detections d = dets(new float[] {0, 0, 20, 20, 0.9f, 0}, new float[] {50, 50, 70, 70, 0.3f, 0});
        DetMetrics m = evaluate(d, g);
        double c = m.bestConfidence();
        assertTrue(c > 0.8 && c < 0.9, "best conf " + c);
        assertEquals(1.0, m.recall(), TOL);
        assertEquals(1 + (0.5 - 1) * (-c + 0.9f) / (-0.3f + 0.9f), m.precision(), TOL);
    }

    @Test
    void labelsOfUnknownClassesAreRejected() {
        DetectionEvaluator e = new DetectionEvaluator(NAMES);
        SlimException ex = assertThrows(SlimException.class,
                () -> e.add(Detections.empty(), gts(new float[] {2, 0, 0, 1, 1})));
        assertTrue(ex.getMessage().contains("class 2"), ex.getMessage());
        assertThrows(SlimException.class, () -> gts(new float[] {-1, 0, 0, 1, 1}));
        assertThrows(SlimException.class, () -> dets(new float[] {0, 0, 1, 1, 0.5f, 0.5f}));
    }
}
