package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.model.AfpnTestSpecs;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pruning through an AFPN neck: fusions tie the channels they add, fusion weights stay whole. */
class AfpnPruneTest {
    private static final String LITE = "yolov8n-lite";

    private static int[] shapes(float[][] outputs) {
        return java.util.Arrays.stream(outputs).mapToInt(o -> o.length).toArray();
    }

    private static List<String> layers(DependencyGroup g, DependencyGroup.Role role) {
        return g.members(role).stream().map(DependencyGroup.Member::layer).collect(Collectors.toList());
    }

    @Test
    void aFusionTiesTheLevelItKeepsToEveryPathResizedOntoIt() {
        DependencyGraph g = DependencyGraph.of(YoloModel.build(LITE));
        // row 11 (P4 reduced to 32) is input 1 of both stage-1 fusions: fused as is at P4 (row 14),
        // read by the up path at P3 (row 13); row 14's down path from P3 must produce the same channels
        DependencyGroup p4 = g.groupOf("model.11");
        assertNull(p4.pinned());
        assertEquals(32, p4.size());
        assertEquals(List.of("model.11.conv", "model.14.stride_level_0.0.conv"), layers(p4, DependencyGroup.Role.OUT));
        assertTrue(layers(p4, DependencyGroup.Role.IN).containsAll(List.of("model.13.stride_level_1.0.conv",
                "model.14.weight_level_0.conv", "model.14.weight_level_1.conv", "model.14.conv.conv")), p4.toString());
        // a BasicBlock passes its input on: the fusion before it and both its convolutions' ends move together
        DependencyGroup p3 = g.groupOf("model.13.conv");
        assertEquals(List.of("model.13.conv.conv", "model.15.0.cv2.conv", "model.17.stride_level_1.0.conv",
                "model.17.stride_level_2.0.conv"), layers(p3, DependencyGroup.Role.OUT));
        assertTrue(layers(p3, DependencyGroup.Role.IN).contains("model.15.0.cv1.conv"), p3.toString());
        for (String asff : List.of("model.13", "model.14", "model.17", "model.18", "model.19")) {
            DependencyGroup w = g.groupOf(asff + ".weight_levels");
            assertEquals("fusion weights (one per level)", w.pinned(), asff);
            assertEquals(asff.equals("model.13") || asff.equals("model.14") ? 2 : 3, w.size(), asff);
        }
        assertNull(g.groupOf("model.19.weight_level_2").pinned(), "the compressed widths are prunable");
    }

    @Test
    void aPrunedAfpnComputesWhatTheOriginalDoesWithTheRemovedChannelsZeroed() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            YoloModel model = Fixtures.randomized(YoloModel.build(AfpnTestSpecs.afpnOnYolov8n(3)).initialize(m), 11);
            NDArray x = Fixtures.input(m, 5);
            PrunePlan plan = Pruner.plan(model, PruneOptions.percent(30).withCriterion(PruneOptions.Criterion.RANDOM)
                    .withRoundTo(16).withSeed(3));
            assertTrue(plan.removedChannels() > 0.15 * plan.prunableChannels(), plan.text());
            YoloModel pruned = Pruner.apply(model, plan, m);
            assertTrue(pruned.parameterCount() < 0.9 * model.parameterCount(), pruned.parameterCount() + "");
            float[][] small = Fixtures.outputs(pruned, x);
            float[][] before = Fixtures.outputs(model, x);
            Pruner.zeroRemoved(model, plan);
            float[][] zeroed = Fixtures.outputs(model, x);
            Fixtures.assertClose(zeroed, small, 1e-4, "afpn");
            assertTrue(!java.util.Arrays.equals(before[0], zeroed[0]), "zeroing changed nothing");
        }
    }

    @Test
    void liteModelPrunesAt30PercentAndReloadsFromItsRun(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("pruned");
        int[] shapes;
        long before;
        long after;
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = Fixtures.model(LITE, m, 1);
            before = model.parameterCount();
            PrunePlan plan = Pruner.plan(model, PruneOptions.percent(30));
            assertTrue(plan.removedPercent() > 15 && plan.removedPercent() <= 30 + 1e-9, plan.text());
            YoloModel pruned = Pruner.apply(model, plan, m);
            after = pruned.parameterCount();
            shapes = shapes(Fixtures.outputs(pruned, Fixtures.input(m, 2)));
            PrunedRun.save(run, pruned, new LinkedHashMap<>(Map.of("command", "prune", "percent", 30.0)));
        }
        assertTrue(after < before, after + " vs " + before);
        String yaml = Files.readString(run.resolve("model.yaml"));
        assertTrue(yaml.contains("ASFF") && yaml.contains("weight_level_0:"), yaml);
        ModelSpec spec = ModelSpec.loadRun(run);
        assertEquals(27, spec.rows().size());
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel back = YoloModel.load(run, m);
            assertEquals(after, back.parameterCount());
            assertArrayEquals(shapes, shapes(Fixtures.outputs(back, Fixtures.input(m, 2))));
        }
    }
}
