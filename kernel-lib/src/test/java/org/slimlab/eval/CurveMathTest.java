package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CurveMathTest {

    @Test
    void linspaceHitsBothEnds() {
        double[] x = CurveMath.linspace(0, 1, 101);
        assertEquals(101, x.length);
        assertEquals(0.0, x[0]);
        assertEquals(1.0, x[100]);
        assertEquals(0.5, x[50], 1e-15);
    }

    @Test
    void interpClampsInterpolatesAndTakesTheLastOfARepeatedPoint() {
        double[] xp = {0, 0.5, 0.5, 1};
        double[] fp = {1, 1, 0.25, 0};
        assertEquals(7.0, CurveMath.interp(-1, xp, fp, 4, 7, 9));
        assertEquals(9.0, CurveMath.interp(2, xp, fp, 4, 7, 9));
        assertEquals(1.0, CurveMath.interp(0.25, xp, fp, 4, 7, 9));
        assertEquals(0.25, CurveMath.interp(0.5, xp, fp, 4, 7, 9));
        assertEquals(0.125, CurveMath.interp(0.75, xp, fp, 4, 7, 9));
        assertEquals(0.0, CurveMath.interp(1, xp, fp, 4, 7, 9));
    }

    @Test
    void trapzOfAStepAndPairwiseSumOfManyTerms() {
        double[] x = CurveMath.linspace(0, 1, 101);
        double[] y = new double[101];
        for (int i = 0; i < 101; i++) {
            y[i] = x[i] < 0.5 ? 1 : 0;
        }
        // 50 cells of 1, one cell falling from 1 to 0 (0.005), nothing after
        assertEquals(0.495, CurveMath.trapz(y, x), 1e-15);
        double[] ones = new double[1000];
        java.util.Arrays.fill(ones, 0.1);
        assertEquals(100.0, CurveMath.pairwiseSum(ones, 0, 1000), 1e-12);
    }

    @Test
    void envelopeIsTheRunningMaximumFromTheRight() {
        double[] p = {1, 0.5, 0.8, 0.3, 0};
        CurveMath.envelope(p);
        assertArrayEquals(new double[] {1, 0.8, 0.8, 0.3, 0}, p);
    }

    @Test
    void smoothAveragesOverTheBoxAndPadsWithTheEnds() {
        double[] y = new double[100];
        y[50] = 1;
        // fraction 0.05 of 100 points: round(10) / 2 + 1 = 6 taps, so an impulse spreads over 6 points of 1/6
        double[] s = CurveMath.smooth(y, 0.05);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(1.0 / 6, s[50], 1e-15);
        double[] flat = CurveMath.smooth(new double[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 0.3);
        for (double v : flat) {
            assertEquals(2.0, v, 1e-15);
        }
        assertEquals(2, CurveMath.argmax(new double[] {0, 1, 3, 3, 2}));
    }
}
