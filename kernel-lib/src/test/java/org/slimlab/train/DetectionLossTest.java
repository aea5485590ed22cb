package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slimlab.SlimException;

class DetectionLossTest {
    private static final double LOG2 = Math.log(2);
    private static final float[][] TARGETS = {
        {0, 1, 0.5f, 0.5f, 0.5f, 0.5f},
        {1, 0, 0.3f, 0.4f, 0.25f, 0.5f},
        {1, 2, 0.7f, 0.7f, 0.6f, 0.4f},
    };

    @Test
    void anchorBasedLossOnZeroLogits() {
        HeadSpec head = HeadSpec.anchorBased(3, new int[] {8, 16},
                new float[][] {{8, 8, 16, 16, 24, 24}, {16, 16, 32, 32, 48, 48}});
        LossConfig cfg = new LossConfig(0.05, 1.0, 0.5, 0, 0, 4.0);
        AnchorBasedLoss loss = new AnchorBasedLoss(head, cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p0 = m.zeros(new Shape(2, 3, 4, 4, 8));
            NDArray p1 = m.zeros(new Shape(2, 3, 2, 2, 8));
            p0.setRequiresGradient(true);
            p1.setRequiresGradient(true);
            LossOutput out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = loss.compute(new NDList(p0, p1), TARGETS, 32, 32);
                gc.backward(out.total());
            }
            // sigmoid(0) = .5: predicted centre (.5, .5) of the cell, size = anchor
            double box = 0;
            int levelsWithMatches = 0;
            for (int level = 0; level < 2; level++) {
                int g = level == 0 ? 4 : 2;
                LevelTargets t = loss.match(TARGETS, level, g, g);
                if (t.size() == 0) {
                    continue;
                }
                levelsWithMatches++;
                double sum = 0;
                for (int k = 0; k < t.size(); k++) {
                    float[] tb = t.tbox();
                    float[] pred = {0.5f - t.anchor()[2 * k] / 2, 0.5f - t.anchor()[2 * k + 1] / 2,
                        0.5f + t.anchor()[2 * k] / 2, 0.5f + t.anchor()[2 * k + 1] / 2};
                    float[] tgt = {tb[4 * k] - tb[4 * k + 2] / 2, tb[4 * k + 1] - tb[4 * k + 3] / 2,
                        tb[4 * k] + tb[4 * k + 2] / 2, tb[4 * k + 1] + tb[4 * k + 3] / 2};
                    sum += 1 - BoxIou.ciouXyxy(pred, 0, tgt, 0);
                }
                box += sum / t.size();
            }
            assertEquals(2, levelsWithMatches);
            float[] parts = out.parts();
            assertEquals(List.of("box", "obj", "cls"), loss.partNames());
            assertEquals(0.05 * box, parts[0], 1e-4);
            // BCE(0, t) = log 2 whatever the target; levels weighted 4.0 and 1.0
            assertEquals((4.0 + 1.0) * LOG2, parts[1], 1e-5);
            assertEquals(0.5 * levelsWithMatches * LOG2, parts[2], 1e-5);
            assertEquals(2 * (parts[0] + parts[1] + parts[2]), out.total().getFloat(), 1e-4);
            float[] g0 = p0.getGradient().toFloatArray();
            double norm = 0;
            for (float v : g0) {
                assertTrue(Float.isFinite(v));
                norm += v * v;
            }
            assertTrue(norm > 0);
        }
    }

    @Test
    void anchorFreeLossOnZeroLogits() {
        HeadSpec head = HeadSpec.anchorFree(3, new int[] {8, 16}, 16);
        LossConfig cfg = new LossConfig(7.5, 0, 0.5, 1.5, 0, 4.0);
        AnchorFreeLoss loss = new AnchorFreeLoss(head, cfg);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p0 = m.zeros(new Shape(2, 67, 4, 4));
            NDArray p1 = m.zeros(new Shape(2, 67, 2, 2));
            p0.setRequiresGradient(true);
            p1.setRequiresGradient(true);
            LossOutput out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = loss.compute(new NDList(p0, p1), TARGETS, 32, 32);
                gc.backward(out.total());
            }
            // uniform distributions decode to 7.5 bins per side; every score is .5
            int na = 20;
            float[] points = new float[2 * na];
            float[] pred = new float[4 * na];
            float[] strides = new float[na];
            int a = 0;
            for (int s : new int[] {8, 16}) {
                int g = 32 / s;
                for (int y = 0; y < g; y++) {
                    for (int x = 0; x < g; x++) {
                        points[2 * a] = (x + 0.5f) * s;
                        points[2 * a + 1] = (y + 0.5f) * s;
                        pred[4 * a] = (x + 0.5f - 7.5f) * s;
                        pred[4 * a + 1] = (y + 0.5f - 7.5f) * s;
                        pred[4 * a + 2] = (x + 0.5f + 7.5f) * s;
                        pred[4 * a + 3] = (y + 0.5f + 7.5f) * s;
                        strides[a] = s;
                        a++;
                    }
                }
            }
            float[] scores = new float[na * 3];
            java.util.Arrays.fill(scores, 0.5f);
            double weightSum = 0;
            double boxSum = 0;
            for (int b = 0; b < 2; b++) {
                float[] gt = GroundTruths.perImage(TARGETS, 2, 3, 32, 32).get(b);
                int ng = gt.length / 5;
                int[] cls = new int[ng];
                float[] boxes = new float[4 * ng];
                for (int g = 0; g < ng; g++) {
                    cls[g] = (int) gt[5 * g];
                    System.arraycopy(gt, 5 * g + 1, boxes, 4 * g, 4);
                }
                TaskAlignedAssigner.Assignment as = new TaskAlignedAssigner().assign(scores, pred, points, 3, cls, boxes);
                for (int k = 0; k < na; k++) {
                    if (as.foreground()[k]) {
                        float w = as.score()[k];
                        weightSum += w;
                        float[] pg = new float[4];
                        float[] tg = new float[4];
                        for (int c = 0; c < 4; c++) {
                            pg[c] = pred[4 * k + c] / strides[k];
                            tg[c] = boxes[4 * as.target()[k] + c] / strides[k];
                        }
                        boxSum += w * (1 - BoxIou.ciouXyxy(pg, 0, tg, 0));
                    }
                }
            }
            assertTrue(weightSum > 0);
            double tss = Math.max(weightSum, 1);
            float[] parts = out.parts();
            assertEquals(List.of("box", "cls", "dfl"), loss.partNames());
            assertEquals(7.5 * boxSum / tss, parts[0], 1e-4);
            assertEquals(0.5 * 2 * na * 3 * LOG2 / tss, parts[1], 1e-3);
            assertEquals(1.5 * Math.log(16) * weightSum / tss, parts[2], 1e-4);
            assertEquals(2 * (parts[0] + parts[1] + parts[2]), out.total().getFloat(), 1e-3);
            float[] g0 = p0.getGradient().toFloatArray();
            double norm = 0;
            for (float v : g0) {
                norm += v * v;
            }
            assertTrue(norm > 0 && Double.isFinite(norm));
        }
    }

    /**
     * Gradients must not depend on garbage collection between the forward and the backward pass (constants that
     * autograd keeps must stay alive until the backward pass).
     */
    @Test
    void gradientsSurviveGarbageCollectionBeforeBackward() throws Exception {
        for (HeadSpec head : List.of(HeadSpec.anchorBased(3, new int[] {8, 16},
                new float[][] {{8, 8, 16, 16, 24, 24}, {16, 16, 32, 32, 48, 48}}), HeadSpec.anchorFree(3, new int[] {8, 16}, 16))) {
            DetectionLoss loss = DetectionLoss.forHead(head, new LossConfig(0.05, 1.0, 0.5, 1.5, 0, 4.0));
            float[][] grads = new float[2][];
            for (int run = 0; run < 2; run++) {
                try (NDManager m = NDManager.newBaseManager()) {
                    Engine.getInstance().setRandomSeed(3);
                    boolean anchor = head.kind() == HeadSpec.Kind.ANCHOR_BASED;
                    NDArray p0 = m.randomNormal(anchor ? new Shape(2, 3, 4, 4, 8) : new Shape(2, 67, 4, 4));
                    NDArray p1 = m.randomNormal(anchor ? new Shape(2, 3, 2, 2, 8) : new Shape(2, 67, 2, 2));
                    p0.setRequiresGradient(true);
                    p1.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray total = loss.compute(new NDList(p0, p1), TARGETS, 32, 32).total();
                        if (run == 1) {
                            churnDirectMemory();
                        }
                        gc.backward(total);
                    }
                    grads[run] = p0.getGradient().toFloatArray();
                }
            }
            assertArrayEquals(grads[0], grads[1], head.kind().toString());
        }
    }

    /** Collects garbage and reuses freed native memory with large values. */
    private static void churnDirectMemory() throws InterruptedException {
        for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(20);
            java.nio.ByteBuffer[] junk = new java.nio.ByteBuffer[4000];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = java.nio.ByteBuffer.allocateDirect(4 + 4 * (j % 4));
                junk[j].putFloat(0, 1e30f);
            }
        }
    }

    @Test
    void badTargetRowsAreNamed() {
        HeadSpec head = HeadSpec.anchorFree(2, new int[] {8}, 16);
        AnchorFreeLoss loss = new AnchorFreeLoss(head, new LossConfig(7.5, 0, 0.5, 1.5, 0, 4));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = new NDList(m.zeros(new Shape(1, 66, 4, 4)));
            SlimException e = assertThrows(SlimException.class,
                    () -> loss.compute(out, new float[][] {{0, 0, .5f, .5f, .1f, .1f}, {0, 5, .5f, .5f, .1f, .1f}}, 32, 32));
            assertEquals("target row 1: class 5.0 outside 0..1", e.getMessage());
        }
    }
}
