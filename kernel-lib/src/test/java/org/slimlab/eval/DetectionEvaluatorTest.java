package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;
import tech.tablesaw.api.Table;

class DetectionEvaluatorTest {
    private static final List<String> NAMES = List.of("shirt", "shoe");
    private static final int SIZE = 64;
    /** Loader targets: (image, cls, cx, cy, w, h) normalised to the 64x64 letterboxed input. */
    private static final float[] TARGETS = {
        0, 0, 0.25f, 0.5f, 0.25f, 0.25f,
        0, 1, 0.75f, 0.5f, 0.25f, 0.5f,
        1, 1, 0.5f, 0.5f, 0.5f, 0.25f,
    };

    /** Predictions (2 images, 3 anchors, 4 + 2): one confident anchor per target, one anchor below 0.001. */
    private static float[] perfectPredictions() {
        float[] p = new float[2 * 3 * 6];
        int[] fill = new int[2];
        for (int r = 0; r < TARGETS.length / 6; r++) {
            int img = (int) TARGETS[r * 6];
            int o = (img * 3 + fill[img]++) * 6;
            for (int k = 0; k < 4; k++) {
                p[o + k] = TARGETS[r * 6 + 2 + k] * SIZE;
            }
            int cls = (int) TARGETS[r * 6 + 1];
            p[o + 4 + cls] = 0.9f - 0.1f * r;
            p[o + 4 + (1 - cls)] = 0.01f;
        }
        for (int img = 0; img < 2; img++) {
            int o = (img * 3 + 2) * 6;
            p[o] = 10;
            p[o + 1] = 10;
            p[o + 2] = 4;
            p[o + 3] = 4;
            p[o + 4] = 0.0005f;
        }
        return p;
    }

    @Test
    void perfectBatchesScoreTheMaximumAndFillTheTable() {
        DetectionEvaluator e = new DetectionEvaluator(NAMES);
        List<Detections> dets = e.addBatch(perfectPredictions(), 2, TARGETS, SIZE, SIZE, null);
        // multi-label: each confident box also appears once for the other class at 0.01
        assertEquals(4, dets.get(0).size());
        assertEquals(2, dets.get(1).size());
        DetMetrics m = e.result();
        assertEquals(2, m.images());
        assertEquals(3, m.instances());
        assertEquals(0.995, m.map50(), 1e-12);
        assertEquals(0.995, m.map50_95(), 1e-12);
        assertTrue(m.nmsMsPerImage() > 0);
        ClassResult shoe = m.classes().get(1);
        assertEquals("shoe", shoe.name());
        assertEquals(2, shoe.images());
        assertEquals(2, shoe.instances());

        Table t = m.table();
        assertEquals(List.of("Class", "Images", "Instances", "P", "R", "mAP50", "mAP50-95"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals("all", t.stringColumn("Class").get(0));
        assertEquals(3, t.intColumn("Instances").get(0));
        assertEquals(0.995, t.doubleColumn("mAP50").get(2), 1e-12);
        assertEquals(0.995, (double) m.summary().get("map50_95"), 1e-12);
        assertEquals(List.of("map50", "map50_95", "precision", "recall"), List.copyOf(m.summary().keySet()));
    }

    @Test
    void imageMetasMoveEvaluationToOriginalPixelsAndCollectCocoResults() {
        // originals are 128x64, letterboxed into 64x64: gain 0.5, 16 px of padding top and bottom
        LetterboxMap map = LetterboxMap.fromShapes(SIZE, SIZE, 128, 64);
        DetectionEvaluator e = new DetectionEvaluator(NAMES);
        e.addBatch(perfectPredictions(), 2, TARGETS, SIZE, SIZE,
                List.of(new ImageMeta("a", map), new ImageMeta("b", map)));
        DetMetrics m = e.result();
        assertEquals(0.995, m.map50(), 1e-12);
        List<CocoDetection> coco = e.cocoResults().detections();
        assertEquals(6, coco.size());
        CocoDetection first = coco.get(0);
        assertEquals("a", first.imageId());
        assertEquals(0, first.categoryId());
        // target 0: cx 16, cy 32, w 16, h 16 in letterboxed pixels -> x1 8, y1 24 -> original (16, 16), 32 x 32
        assertArrayEquals(new double[] {16, 16, 32, 32}, first.bbox(), 1e-9);
        assertEquals(0.9, first.score(), 1e-6);
    }

    @Test
    void ndarrayBatchesGiveTheSameMetricsAsArrays() {
        DetectionEvaluator arrays = new DetectionEvaluator(NAMES);
        arrays.addBatch(perfectPredictions(), 2, TARGETS, SIZE, SIZE, null);
        DetectionEvaluator nd = new DetectionEvaluator(NAMES);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray preds = m.create(perfectPredictions(), new Shape(2, 3, 6));
            NDArray targets = m.create(TARGETS, new Shape(3, 6));
            List<Detections> dets = nd.addBatch(preds, targets, SIZE, SIZE);
            assertEquals(2, dets.size());
            SlimException bad = assertThrows(SlimException.class,
                    () -> nd.addBatch(m.create(new float[2 * 3 * 7], new Shape(2, 3, 7)), targets, SIZE, SIZE));
            assertTrue(bad.getMessage().contains("4 + 2"), bad.getMessage());
        }
        assertEquals(arrays.result().map50_95(), nd.result().map50_95());
        assertEquals(arrays.result().text().split("\n")[1], nd.result().text().split("\n")[1]);
    }

    @Test
    void badTargetsAreRejectedWithTheRow() {
        DetectionEvaluator e = new DetectionEvaluator(NAMES);
        float[] outside = {0, 0, 0.5f, 0.5f, 0.1f, 0.1f, 2, 0, 0.5f, 0.5f, 0.1f, 0.1f};
        SlimException ex = assertThrows(SlimException.class,
                () -> e.addBatch(perfectPredictions(), 2, outside, SIZE, SIZE, null));
        assertTrue(ex.getMessage().contains("target row 1"), ex.getMessage());
        SlimException cls = assertThrows(SlimException.class, () -> e.addBatch(perfectPredictions(), 2,
                new float[] {0, 5, 0.5f, 0.5f, 0.1f, 0.1f}, SIZE, SIZE, null));
        assertTrue(cls.getMessage().contains("class 5"), cls.getMessage());
        assertThrows(SlimException.class, () -> e.addBatch(new float[13], 2, TARGETS, SIZE, SIZE, null));
        assertThrows(SlimException.class, () -> e.addBatch(perfectPredictions(), 2, TARGETS, SIZE, SIZE,
                List.of(new ImageMeta("a", LetterboxMap.identity(SIZE, SIZE)))));
    }
}
