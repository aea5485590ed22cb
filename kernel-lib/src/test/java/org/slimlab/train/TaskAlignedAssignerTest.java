package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskAlignedAssignerTest {

    @Test
    void assignsTopCandidatesResolvesConflictsAndNormalisesScores() {
        // one 4x4 level, stride 8: anchor a sits at (8 (a%4) + 4, 8 (a/4) + 4)
        int na = 16;
        int nc = 2;
        float[] points = new float[2 * na];
        float[] boxes = new float[4 * na];
        for (int a = 0; a < na; a++) {
            float x = 8 * (a % 4) + 4;
            float y = 8 * (a / 4) + 4;
            points[2 * a] = x;
            points[2 * a + 1] = y;
            // every prediction is its own cell ...
            boxes[4 * a] = x - 4;
            boxes[4 * a + 1] = y - 4;
            boxes[4 * a + 2] = x + 4;
            boxes[4 * a + 3] = y + 4;
        }
        // ... except anchor 5, which predicts ground truth A exactly
        boxes[20] = 0;
        boxes[21] = 0;
        boxes[22] = 16;
        boxes[23] = 16;
        float[] scores = new float[na * nc];
        // class 0 (ground truth A) scores at anchors 0, 1, 4, 5 and class 1 (B) at anchors 1, 2, 5, 6
        // (class-major: score of class c at anchor a is scores[c * 16 + a])
        scores[0] = 0.2f;
        scores[1] = 0.4f;
        scores[4] = 0.6f;
        scores[5] = 0.8f;
        scores[16 + 1] = 0.9f;
        scores[16 + 2] = 0.1f;
        scores[16 + 5] = 0.9f;
        scores[16 + 6] = 0.1f;
        int[] gtCls = {0, 1};
        float[] gtBoxes = {0, 0, 16, 16, 8, 0, 24, 16};
        TaskAlignedAssigner.Assignment as = new TaskAlignedAssigner(2, 0.5f, 6f)
                .assign(scores, boxes, points, nc, gtCls, gtBoxes);

        // A's candidates: anchors 5 (exact box) and 4 (score .6). B's: 5 (overlap .2564) and 1 (.1875).
        // Anchor 5 is claimed twice and goes to A, which it overlaps most.
        assertEquals(3, as.positives());
        assertTrue(as.foreground()[5] && as.foreground()[4] && as.foreground()[1]);
        assertFalse(as.foreground()[0] || as.foreground()[2] || as.foreground()[6]);
        assertEquals(0, as.target()[5]);
        assertEquals(0, as.target()[4]);
        assertEquals(1, as.target()[1]);

        double cellInA = 0.25 - 32.0 / 512;          // IoU 1/4, centre offset (4, 4), enclosing 16 x 16
        double m4 = Math.sqrt(0.6) * Math.pow(cellInA, 6);
        double m5 = Math.sqrt(0.8);                   // CIoU 1 with its own box
        assertEquals(1.0, as.score()[5], 1e-5);
        assertEquals(m4 / m5, as.score()[4], 1e-6);
        // B keeps one positive: its score is metric * max IoU / max metric = its own IoU
        assertEquals(cellInA, as.score()[1], 1e-5);
        assertEquals(0f, as.score()[0], 0f);
    }

    @Test
    void noGroundTruthMeansAllBackground() {
        TaskAlignedAssigner.Assignment as = new TaskAlignedAssigner()
                .assign(new float[4], new float[16], new float[] {4, 4, 12, 4, 4, 12, 12, 12}, 1, new int[0], new float[0]);
        assertEquals(0, as.positives());
    }

    @Test
    void anchorsOutsideEveryBoxStayBackground() {
        float[] points = {4, 4, 12, 4};
        float[] boxes = {0, 0, 8, 8, 8, 0, 16, 8};
        float[] scores = {0.5f, 0.5f};
        // the box covers only the first anchor point; the second lies exactly on its edge (not inside)
        TaskAlignedAssigner.Assignment as = new TaskAlignedAssigner()
                .assign(scores, boxes, points, 1, new int[] {0}, new float[] {0, 0, 12, 8});
        assertTrue(as.foreground()[0]);
        assertFalse(as.foreground()[1]);
    }
}
