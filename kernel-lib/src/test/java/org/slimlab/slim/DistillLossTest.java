package org.slimlab.slim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.Arrays;
import org.slimlab.SlimException;
import org.junit.jupiter.api.Test;

/** Every distillation term against its definition computed by hand on a few numbers. */
class DistillLossTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** KL(Bernoulli(p) || Bernoulli(q)) from its definition. */
    private static double bernoulliKl(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }

    /** KL(softmax(t/T) || softmax(s/T)) from its definition. */
    private static double softmaxKl(double[] s, double[] t, double temp) {
        double zs = 0;
        double zt = 0;
        for (int i = 0; i < s.length; i++) {
            zs += Math.exp(s[i] / temp);
            zt += Math.exp(t[i] / temp);
        }
        double kl = 0;
        for (int i = 0; i < s.length; i++) {
            double p = Math.exp(t[i] / temp) / zt;
            double q = Math.exp(s[i] / temp) / zs;
            kl += p * Math.log(p / q);
        }
        return kl;
    }

    @Test
    void anchorBasedTermIsGatedByTeacherObjectness() {
        // one level, one anchor, 1x2 cells, 2 classes: x y w h obj c0 c1
        float[] s = {0.2f, -0.1f, 0.5f, 0.3f, -1.0f, 0.4f, -0.6f,
            1.0f, 0.0f, -0.5f, 0.2f, 0.5f, -1.2f, 0.9f};
        float[] t = {0.0f, 0.3f, 0.1f, 0.6f, 2.0f, 1.5f, -2.0f,
            -0.4f, 0.2f, 0.1f, 0.0f, -3.0f, 0.3f, 0.1f};
        double temp = 2;
        double obj = 0;
        double boxW = 0;
        double clsW = 0;
        double wSum = 0;
        for (int c = 0; c < 2; c++) {
            int o = 7 * c;
            double w = sigmoid(t[o + 4]);
            obj += bernoulliKl(sigmoid(t[o + 4]), sigmoid(s[o + 4])) / 2;
            double box = 0;
            for (int k = 0; k < 4; k++) {
                box += Math.pow(sigmoid(s[o + k]) - sigmoid(t[o + k]), 2) / 4;
            }
            double cls = 0;
            for (int k = 5; k < 7; k++) {
                cls += bernoulliKl(sigmoid(t[o + k] / temp), sigmoid(s[o + k] / temp)) / 2;
            }
            boxW += w * box;
            clsW += w * cls;
            wSum += w;
        }
        double expected = obj + boxW / wSum + temp * temp * clsW / wSum;
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, 1, 1, 2, 7);
            NDArray got = OutputKd.anchorBased(new NDList(m.create(s, shape)), new NDList(m.create(t, shape)), temp);
            assertEquals(expected, got.getFloat(), 1e-5);
            NDArray same = OutputKd.anchorBased(new NDList(m.create(t, shape)), new NDList(m.create(t, shape)), temp);
            assertEquals(0, same.getFloat(), 1e-6);
            // each part alone, and a weighted sum of the three
            double[] part = {obj, boxW / wSum, temp * temp * clsW / wSum};
            double[][] weights = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0, 2}, {2, 0.25, 3}};
            for (double[] w : weights) {
                NDArray weighted = OutputKd.anchorBased(new NDList(m.create(s, shape)), new NDList(m.create(t, shape)),
                        temp, new DistillConfig.Parts(w[0], w[1], w[2]));
                assertEquals(w[0] * part[0] + w[1] * part[1] + w[2] * part[2], weighted.getFloat(), 1e-5,
                        Arrays.toString(w));
            }
        }
    }

    @Test
    void anchorFreeTermDistilsClassesAndBoxDistributions() {
        // one level, regMax 2, 1 class, 1x2 points: channels = 4 sides x 2 bins, then the class logit
        int regMax = 2;
        int points = 2;
        float[][] s = new float[9][points];
        float[][] t = new float[9][points];
        for (int c = 0; c < 9; c++) {
            for (int p = 0; p < points; p++) {
                s[c][p] = (float) Math.sin(1.3 * c + 0.7 * p);
                t[c][p] = (float) Math.cos(0.9 * c - 0.4 * p) * 1.5f;
            }
        }
        double temp = 1.5;
        double cls = 0;
        double dflW = 0;
        double wSum = 0;
        for (int p = 0; p < points; p++) {
            cls += bernoulliKl(sigmoid(t[8][p] / temp), sigmoid(s[8][p] / temp)) / points;
            double w = sigmoid(t[8][p]);
            double side = 0;
            for (int k = 0; k < 4; k++) {
                side += softmaxKl(new double[] {s[2 * k][p], s[2 * k + 1][p]}, new double[] {t[2 * k][p], t[2 * k + 1][p]},
                        temp) / 4;
            }
            dflW += w * side;
            wSum += w;
        }
        double expected = temp * temp * (cls + dflW / wSum);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, 9, 1, points);
            NDArray got = OutputKd.anchorFree(new NDList(m.create(flat(s), shape)), new NDList(m.create(flat(t), shape)),
                    regMax, temp);
            assertEquals(expected, got.getFloat(), 1e-5);
            // box weighs the DFL part, cls the class part; obj has nothing to weigh in an anchor-free head
            NDArray dflOnly = OutputKd.anchorFree(new NDList(m.create(flat(s), shape)), new NDList(m.create(flat(t), shape)),
                    regMax, temp, new DistillConfig.Parts(5, 1, 0));
            assertEquals(temp * temp * dflW / wSum, dflOnly.getFloat(), 1e-5);
            NDArray weighted = OutputKd.anchorFree(new NDList(m.create(flat(s), shape)), new NDList(m.create(flat(t), shape)),
                    regMax, temp, new DistillConfig.Parts(0, 0.5, 3));
            assertEquals(temp * temp * (3 * cls + 0.5 * dflW / wSum), weighted.getFloat(), 1e-5);
        }
    }

    @Test
    void outputPartsParseRecordAndRefuseBadWeights() {
        assertEquals(new DistillConfig.Parts(1, 0, 1), DistillConfig.Parts.parse("box=0"));
        assertEquals(new DistillConfig.Parts(0.5, 2, 0.25), DistillConfig.Parts.parse(" cls=0.25, obj=0.5,box=2"));
        DistillConfig kd = DistillConfig.of(Path.of("teacher")).withParts(DistillConfig.Parts.parse("obj=0.5"));
        assertEquals(kd, DistillConfig.fromArgs(kd.toArgs()));
        assertEquals(0.5, kd.toArgs().get("kd_obj"));
        assertEquals(DistillConfig.Parts.ALL, DistillConfig.of(Path.of("teacher")).parts());
        assertEquals("argument 'kd_parts': 'size=1' is not obj=W, box=W or cls=W",
                assertThrows(SlimException.class,
                        () -> DistillConfig.Parts.parse("box=0,size=1")).getMessage());
        assertEquals("argument 'kd_parts': 'cls=x' has no number after '='",
                assertThrows(SlimException.class,
                        () -> DistillConfig.Parts.parse("cls=x")).getMessage());
        assertEquals("argument 'kd_parts' are all 0: nothing to distil",
                assertThrows(SlimException.class,
                        () -> DistillConfig.Parts.parse("obj=0,box=0,cls=0")).getMessage());
        assertTrue(assertThrows(SlimException.class,
                () -> DistillConfig.Parts.parse("box=-1")).getMessage().startsWith("argument 'kd_parts' must be >= 0"));
    }

    private static float[] flat(float[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
        }
        return out;
    }

    @Test
    void channelWiseDistillationIsTemperedKlPerChannelOverPositions() {
        float[] s = {0.1f, 0.9f, -0.3f, 1.2f, 0.0f, 0.4f};
        float[] t = {0.5f, -0.2f, 0.8f, 0.3f, 0.3f, -1.0f};
        for (double temp : new double[] {1, 4}) {
            double expected = temp * temp * (softmaxKl(new double[] {s[0], s[1], s[2]}, new double[] {t[0], t[1], t[2]}, temp)
                    + softmaxKl(new double[] {s[3], s[4], s[5]}, new double[] {t[3], t[4], t[5]}, temp)) / 2;
            try (NDManager m = NDManager.newBaseManager()) {
                Shape shape = new Shape(1, 2, 1, 3);
                NDArray got = FeatureKd.cwd(m.create(s, shape), m.create(t, shape), temp);
                assertEquals(expected, got.getFloat(), 1e-5 * expected, "T=" + temp);
            }
        }
    }

    @Test
    void mimicIsMeanSquaredErrorAndTrainsOnlyTheStudentSide() {
        float[] s = {1f, 2f, 3f, 4f};
        float[] t = {1.5f, 1f, 3f, 2f};
        double expected = (0.25 + 1 + 0 + 4) / 4;
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(1, 4, 1, 1);
            NDArray student = m.create(s, shape);
            NDArray teacher = m.create(t, shape);
            student.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = FeatureKd.mimic(student, teacher);
                assertEquals(expected, loss.getFloat(), 1e-6);
                gc.backward(loss);
            }
            float[] g = student.getGradient().toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals((s[i] - t[i]) / 2.0, g[i], 1e-6, "d loss / d s[" + i + "]");
            }
            assertTrue(!teacher.hasGradient());
        }
    }
}
