package org.slimlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slimlab.model.EqualGflops;
import org.slimlab.model.ModelSpec;

/** The Pareto front, block costs against their formulas, and width matching to equal GFLOPs. */
class ParetoAndBlocksTest {

    @Test
    void frontKeepsTheUndominated() {
        double[] cost = {1, 2, 3, 2.5, 4, Double.NaN};
        double[] score = {0.1, 0.3, 0.35, 0.2, 0.35, 0.9};
        assertArrayEquals(new boolean[] {true, true, true, false, false, false}, ParetoFront.of(cost, score));
    }

    @Test
    void countedBlocksMatchTheirFormulas() {
        for (int[] at : new int[][] {{16, 8}, {32, 10}}) {
            List<BlockCosts.Cost> costs = BlockCosts.standard(at[0], at[1]);
            assertEquals(9, costs.size());
            for (BlockCosts.Cost c : costs) {
                assertEquals(c.paramsByFormula(), c.params(), c.name() + " params at " + at[0]);
                assertEquals(c.macsByFormula(), c.macs(), c.name() + " MACs at " + at[0]);
            }
        }
    }

    @Test
    void widthIsScaledToTheReferenceGflops() {
        ModelSpec ref = ModelSpec.load("yolov5n").withNc(10);
        double target = EqualGflops.gflops(ref, 640);
        for (String cfg : List.of("yolov5n-ghost", "yolov5n-fasternet", "yolov8n-csppc-adown")) {
            EqualGflops.Match m = EqualGflops.match(ModelSpec.load(cfg).withNc(10), ref, 640, EqualGflops.DEFAULT_TOLERANCE);
            assertTrue(Math.abs(m.ratio() - 1) <= EqualGflops.DEFAULT_TOLERANCE, m.toString());
            assertEquals(target, m.targetGflops(), 1e-12);
            assertEquals(m.gflops(), EqualGflops.gflops(m.spec(), 640), 1e-12, "the scaled spec has the reported GFLOPs");
            assertTrue(m.spec().name().startsWith(cfg + "-w"), m.spec().name());
        }
        EqualGflops.Match ghost = EqualGflops.match(ModelSpec.load("yolov5n-ghost").withNc(10), ref, 640, 0.03);
        assertTrue(ghost.factor() > 1, "a lighter model gets wider: " + ghost);
    }
}
