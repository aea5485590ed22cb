package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;

class NmsTest {

    /** One image's rows {cx, cy, w, h, scores...} flattened. */
    private static float[] rows(float[]... rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }

    private static Detections nms(NmsConfig cfg, float[]... r) {
        return new Nms(cfg).applyImage(rows(r), 0, r.length, r[0].length);
    }

    @Test
    void suppressesTheLowerScoredOverlapOfTheSameClass() {
        Detections d = nms(NmsConfig.predict(),
                new float[] {50, 50, 20, 20, 0.6f, 0.1f},
                new float[] {51, 50, 20, 20, 0.9f, 0.1f},
                new float[] {150, 150, 20, 20, 0.5f, 0.1f});
        assertEquals(2, d.size());
        assertEquals(0.9f, d.score(0));
        assertArrayEquals(new float[] {41, 40, 61, 60, 0.9f, 0}, d.toArray()[0]);
        assertEquals(0.5f, d.score(1));
    }

    @Test
    void classAwareKeepsOverlappingBoxesOfDifferentClassesAgnosticDoesNot() {
        float[] a = {50, 50, 20, 20, 0.9f, 0.0f};
        float[] b = {50, 50, 20, 20, 0.0f, 0.8f};
        Detections aware = nms(NmsConfig.predict(), a, b);
        assertEquals(2, aware.size());
        assertEquals(0, aware.cls(0));
        assertEquals(1, aware.cls(1));
        Detections agnostic = nms(NmsConfig.predict().withAgnostic(true), a, b);
        assertEquals(1, agnostic.size());
        assertEquals(0, agnostic.cls(0));
    }

    @Test
    void multiLabelKeepsABoxOncePerClassAboveThreshold() {
        float[] r = {50, 50, 20, 20, 0.6f, 0.4f, 0.0005f};
        Detections multi = nms(NmsConfig.val(), r);
        assertEquals(2, multi.size());
        assertEquals(0, multi.cls(0));
        assertEquals(0.6f, multi.score(0));
        assertEquals(1, multi.cls(1));
        assertEquals(0.4f, multi.score(1));
        Detections best = nms(NmsConfig.val().withMultiLabel(false), r);
        assertEquals(1, best.size());
        assertEquals(0, best.cls(0));
    }

    @Test
    void confidenceThresholdIsStrict() {
        Detections d = nms(NmsConfig.predict(),
                new float[] {50, 50, 20, 20, 0.25f},
                new float[] {150, 50, 20, 20, 0.2500001f});
        assertEquals(1, d.size());
        assertEquals(150 - 10, d.x1(0));
    }

    @Test
    void iouThresholdIsStrict() {
        // boxes [0,0,10,10] and [0,0,10,5]: IoU exactly 0.5
        float[] a = {5, 5, 10, 10, 0.9f};
        float[] b = {5, 2.5f, 10, 5, 0.8f};
        assertEquals(2, nms(NmsConfig.predict().withIou(0.5), a, b).size());
        assertEquals(1, nms(NmsConfig.predict().withIou(0.49), a, b).size());
    }

    @Test
    void maxDetKeepsTheHighestScores() {
        float[][] r = new float[400][];
        for (int i = 0; i < r.length; i++) {
            r[i] = new float[] {(i % 20) * 30 + 10, (i / 20) * 30 + 10, 10, 10, (i + 1) / 1000f};
        }
        Detections d = nms(NmsConfig.val(), r);
        assertEquals(300, d.size());
        assertEquals(0.4f, d.score(0));
        assertEquals(0.101f, d.score(299));
        Detections five = nms(NmsConfig.val().withMaxDet(5), r);
        assertEquals(5, five.size());
        assertEquals(0.396f, five.score(4));
    }

    @Test
    void maxNmsConsidersOnlyTheTopCandidates() {
        Detections d = nms(NmsConfig.val().withMaxNms(2),
                new float[] {10, 10, 5, 5, 0.3f},
                new float[] {40, 10, 5, 5, 0.9f},
                new float[] {70, 10, 5, 5, 0.6f});
        assertEquals(2, d.size());
        assertEquals(0.9f, d.score(0));
        assertEquals(0.6f, d.score(1));
    }

    @Test
    void noCandidatesGiveNoDetections() {
        assertEquals(0, nms(NmsConfig.predict(), new float[] {10, 10, 5, 5, 0.1f, 0.2f}).size());
    }

    @Test
    void matchesFullGreedySuppressionOnRandomCrowdedImages() {
        Random rnd = new Random(7);
        int anchors = 3000;
        int nc = 4;
        for (NmsConfig cfg : List.of(NmsConfig.val(), NmsConfig.val().withMultiLabel(false),
                NmsConfig.val().withAgnostic(true), NmsConfig.val().withMaxDet(40).withIou(0.45))) {
            float[] p = new float[anchors * (4 + nc)];
            for (int a = 0; a < anchors; a++) {
                int o = a * (4 + nc);
                p[o] = rnd.nextFloat() * 200;
                p[o + 1] = rnd.nextFloat() * 200;
                p[o + 2] = 10 + rnd.nextFloat() * 60;
                p[o + 3] = 10 + rnd.nextFloat() * 60;
                for (int c = 0; c < nc; c++) {
                    p[o + 4 + c] = rnd.nextFloat() * rnd.nextFloat();
                }
            }
            Detections fast = new Nms(cfg).applyImage(p, 0, anchors, 4 + nc);
            float[][] slow = referenceNms(p, anchors, nc, cfg);
            assertEquals(slow.length, fast.size(), cfg.toString());
            for (int i = 0; i < slow.length; i++) {
                assertArrayEquals(slow[i], fast.toArray()[i], cfg + " row " + i);
            }
        }
    }

    /** Sort every candidate, suppress greedily with full class-offset semantics, then truncate. */
    private static float[][] referenceNms(float[] p, int anchors, int nc, NmsConfig cfg) {
        List<float[]> cand = new ArrayList<>();
        for (int a = 0; a < anchors; a++) {
            int o = a * (4 + nc);
            float hw = p[o + 2] / 2;
            float hh = p[o + 3] / 2;
            float[] box = {p[o] - hw, p[o + 1] - hh, p[o] + hw, p[o + 1] + hh};
            int best = 0;
            for (int c = 0; c < nc; c++) {
                if (cfg.multiLabel() && p[o + 4 + c] > (float) cfg.conf()) {
                    cand.add(new float[] {box[0], box[1], box[2], box[3], p[o + 4 + c], c});
                }
                if (p[o + 4 + c] > p[o + 4 + best]) {
                    best = c;
                }
            }
            if (!cfg.multiLabel() && p[o + 4 + best] > (float) cfg.conf()) {
                cand.add(new float[] {box[0], box[1], box[2], box[3], p[o + 4 + best], best});
            }
        }
        cand.sort(Comparator.comparingDouble((float[] r) -> -r[4]));
        List<float[]> top = cand.subList(0, Math.min(cand.size(), cfg.maxNms()));
        boolean[] dead = new boolean[top.size()];
        List<float[]> kept = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            if (dead[i]) {
                continue;
            }
            float[] a = top.get(i);
            kept.add(a);
            for (int j = i + 1; j < top.size(); j++) {
                float[] b = top.get(j);
                boolean same = cfg.agnostic() || a[5] == b[5];
                if (same && Boxes.iou(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], 0f) > cfg.iou()) {
                    dead[j] = true;
                }
            }
        }
        return kept.subList(0, Math.min(kept.size(), cfg.maxDet())).toArray(new float[0][]);
    }

    @Test
    void ndarrayEntryPointSplitsTheBatch() {
        float[] img0 = rows(new float[] {50, 50, 20, 20, 0.9f, 0.1f}, new float[] {52, 50, 20, 20, 0.8f, 0.1f});
        float[] img1 = rows(new float[] {10, 10, 4, 4, 0.1f, 0.3f}, new float[] {90, 90, 4, 4, 0.2f, 0.7f});
        float[] both = Arrays.copyOf(img0, img0.length + img1.length);
        System.arraycopy(img1, 0, both, img0.length, img1.length);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray preds = m.create(both, new Shape(2, 2, 6));
            List<Detections> out = new Nms(NmsConfig.predict()).apply(preds);
            assertEquals(2, out.size());
            assertEquals(1, out.get(0).size());
            assertEquals(2, out.get(1).size());
            assertEquals(0.7f, out.get(1).score(0));
            assertEquals(1, out.get(1).cls(0));
            assertEquals(0.3f, out.get(1).score(1));
            SlimException e = assertThrows(SlimException.class,
                    () -> new Nms(NmsConfig.val()).apply(m.create(both, new Shape(24))));
            assertTrue(e.getMessage().contains("(N, A, 4 + nc)"), e.getMessage());
        }
    }

    @Test
    void rejectsAnArrayThatDoesNotFitTheShape() {
        SlimException e = assertThrows(SlimException.class,
                () -> new Nms(NmsConfig.val()).apply(new float[10], 1, 2, 6));
        assertTrue(e.getMessage().contains("10 values"), e.getMessage());
        assertThrows(SlimException.class, () -> NmsConfig.val().withConf(1.5));
    }
}
