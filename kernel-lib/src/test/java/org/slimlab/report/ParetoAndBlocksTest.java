package org.slimlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.data.TestData;
import org.slimlab.model.EqualGflops;
import org.slimlab.model.ModelSpec;

/** The Pareto front, block costs against their formulas, and width matching to equal GFLOPs. */
class ParetoAndBlocksTest {
    @TempDir
    Path dir;

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

    @Test
    void planScalesEveryVariantButTheReferenceAndRejectsDuplicates() {
        Path data = TestData.yaml(dir, "a", "b", "c");
        List<ComparisonRunner.Variant> plan = ComparisonRunner.builder(List.of("yolov5n", "yolov5n-adown"), data)
                .equalGflops("yolov5n").build().plan();
        assertEquals(1.0, plan.get(0).widthFactor());
        assertEquals("yolov5n", plan.get(0).spec().name());
        assertEquals(3, plan.get(1).spec().nc());
        assertTrue(plan.get(1).widthFactor() > 1, plan.get(1).toString());
        assertEquals(1.0, plan.get(1).gflops() / plan.get(0).gflops(), EqualGflops.DEFAULT_TOLERANCE);
        assertTrue(plan.get(1).spec().header().contains("scaled by"), plan.get(1).spec().header());
        SlimException twice = assertThrows(SlimException.class,
                () -> ComparisonRunner.builder(List.of("yolov5n", "yolov5n"), data).build().plan());
        assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
    }
}
