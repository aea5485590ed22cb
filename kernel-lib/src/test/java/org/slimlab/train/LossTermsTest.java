package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossTermsTest {

    /** CIoU written out from its definition: IoU - rho^2/c^2 - alpha v. */
    private static double ciouClosedForm(double[] a, double[] b) {
        double inter = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]))
                * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double wa = a[2] - a[0];
        double ha = a[3] - a[1];
        double wb = b[2] - b[0];
        double hb = b[3] - b[1];
        double iou = inter / (wa * ha + wb * hb - inter);
        double cw = Math.max(a[2], b[2]) - Math.min(a[0], b[0]);
        double ch = Math.max(a[3], b[3]) - Math.min(a[1], b[1]);
        double dx = (a[0] + a[2]) / 2 - (b[0] + b[2]) / 2;
        double dy = (a[1] + a[3]) / 2 - (b[1] + b[3]) / 2;
        double v = 4 / (Math.PI * Math.PI) * Math.pow(Math.atan(wb / hb) - Math.atan(wa / ha), 2);
        double alpha = v / (1 - iou + v);
        return iou - (dx * dx + dy * dy) / (cw * cw + ch * ch) - alpha * v;
    }

    @Test
    void ciouMatchesClosedFormOnKnownBoxes() {
        double[][][] pairs = {
            {{0, 0, 2, 2}, {1, 1, 3, 3}},
            {{0, 0, 4, 2}, {0, 0, 2, 2}},
            {{10, 20, 50, 40}, {15, 18, 45, 60}},
            {{0, 0, 1, 1}, {5, 5, 6, 8}},
        };
        // first pair by hand: IoU 1/7, centre distance^2 2 over diagonal^2 18, equal aspect ratios
        assertEquals(1.0 / 7 - 1.0 / 9, ciouClosedForm(pairs[0][0], pairs[0][1]), 1e-12);
        try (NDManager m = NDManager.newBaseManager()) {
            for (double[][] p : pairs) {
                float[] a = toFloat(p[0]);
                float[] b = toFloat(p[1]);
                double expected = ciouClosedForm(p[0], p[1]);
                float xyxy = BoxIou.ciouXyxy(m.create(a, new Shape(1, 4)), m.create(b, new Shape(1, 4))).getFloat(0);
                float[] ca = centre(a);
                float[] cb = centre(b);
                float xywh = BoxIou.ciouXywh(m.create(ca, new Shape(1, 4)), m.create(cb, new Shape(1, 4))).getFloat(0);
                assertEquals(expected, xyxy, 1e-5);
                assertEquals(expected, xywh, 1e-5);
                assertEquals(expected, BoxIou.ciouXyxy(a, 0, b, 0), 1e-5);
            }
        }
    }

    @Test
    void ciouGradientSkipsAlphaAndTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {0, 0, 4, 2}, new Shape(1, 4));
            NDArray target = m.create(new float[] {0, 0, 2, 2}, new Shape(1, 4));
            pred.setRequiresGradient(true);
            target.setRequiresGradient(true);
            try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(BoxIou.ciouXyxy(pred, target).sum());
            }
            float[] g = pred.getGradient().toFloatArray();
            // moving the right edge of the wide box left raises CIoU
            assertEquals(true, g[2] < 0, "d CIoU / d x2 = " + g[2]);
        }
    }

    @Test
    void bceWithLogitsMatchesDefinition() {
        float[] x = {-2f, 0f, 3f, 40f, -40f};
        float[] t = {0f, 0.5f, 1f, 0f, 1f};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = Bce.withLogits(m.create(x), m.create(t)).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-x[i]));
                double expected = i < 3 ? -(t[i] * Math.log(p) + (1 - t[i]) * Math.log(1 - p)) : Math.abs(x[i]);
                assertEquals(expected, got[i], 1e-5 * Math.max(1, expected));
                assertEquals(expected, Bce.withLogits(x[i], t[i]), 1e-9 * Math.max(1, expected));
            }
        }
    }

    @Test
    void dflOnKnownDistribution() {
        float[] logits = new float[2 * 16];
        // row 0: bins 3 and 4 carry weight 2, the other 14 bins weight 1 -> p3 = p4 = 2/18
        logits[3] = (float) Math.log(2);
        logits[4] = (float) Math.log(2);
        // row 1: uniform -> every bin 1/16
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = DistributionFocalLoss.perRow(m.create(logits, new Shape(2, 16)), new float[] {3.25f, 9.6f})
                    .toFloatArray();
            assertEquals(Math.log(9), got[0], 1e-5);
            assertEquals(Math.log(16), got[1], 1e-5);
        }
        float[] skewed = new float[16];
        skewed[5] = 1f;
        try (NDManager m = NDManager.newBaseManager()) {
            float got = DistributionFocalLoss.perRow(m.create(skewed, new Shape(1, 16)), new float[] {5.25f}).getFloat(0);
            double z = 15 + Math.E;
            double expected = -(0.75 * Math.log(Math.E / z) + 0.25 * Math.log(1 / z));
            assertEquals(expected, got, 1e-5);
        }
    }

    @Test
    void anchorMatcherPicksAnchorsAndNeighbourCells() {
        AnchorMatcher matcher = new AnchorMatcher(4.0f);
        // 4x4 grid; target centre (1.2, 2.4) cells, size 1x1 cells; anchors 1x1, 2x2, 4x4 cells
        float[][] targets = {{0, 1, 0.3f, 0.6f, 0.25f, 0.25f}};
        LevelTargets t = matcher.match(targets, 4, 4, new float[] {1, 1, 2, 2, 4, 4});
        // the 4x4 anchor has ratio 4, not < 4: excluded. Centre cell, left neighbour (x%1=0.2), upper (y%1=0.4)
        assertEquals(6, t.size());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, t.a());
        assertArrayEquals(new int[] {1, 1, 0, 0, 1, 1}, t.gi());
        assertArrayEquals(new int[] {2, 2, 2, 2, 1, 1}, t.gj());
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, t.cls());
        // offsets relative to the chosen cell: (0.2, 0.4) in the centre cell, (1.2, 0.4) from the left one
        assertEquals(0.2f, t.tbox()[0], 1e-5);
        assertEquals(0.4f, t.tbox()[1], 1e-5);
        assertEquals(1.2f, t.tbox()[8], 1e-5);
        assertEquals(1.4f, t.tbox()[4 * 4 + 1], 1e-5);
        assertEquals(1.0f, t.tbox()[2], 1e-5);
        assertEquals(2f, t.anchor()[2], 0f);
        assertEquals(((0 * 3 + 1) * 4 + 2) * 4 + 0, t.flatIndex(3, 3, 4, 4));
    }

    @Test
    void anchorMatcherUsesRightAndLowerNeighboursAndBorders() {
        AnchorMatcher matcher = new AnchorMatcher(4.0f);
        // centre (2.7, 0.8) cells: right half in x -> right neighbour; y < 1 -> no upper one; y%1 >= .5 ->
        // lower neighbour only when 4 - y = 3.2 has fraction < .5: yes
        float[][] targets = {{1, 0, 2.7f / 4, 0.8f / 4, 0.25f, 0.25f}};
        LevelTargets t = matcher.match(targets, 4, 4, new float[] {1, 1});
        assertEquals(3, t.size());
        assertArrayEquals(new int[] {2, 3, 2}, t.gi());
        assertArrayEquals(new int[] {0, 0, 1}, t.gj());
        assertArrayEquals(new int[] {1, 1, 1}, t.b());
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static float[] centre(float[] b) {
        return new float[] {(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, b[2] - b[0], b[3] - b[1]};
    }
}
