package org.slimlab.slim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layer pruning: residual blocks of C3, C2f and C3Ghost chains, ELAN branches of YOLOv7-tiny. */
class LayerPruneTest {

    private static List<String> names(YoloModel model) {
        return LayerPruning.candidates(model).stream().map(LayerPruning.Unit::name).toList();
    }

    @Test
    void candidatesAreResidualBlocksOfRepeatedChainsAndElanTails() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(List.of("model.4.m.0", "model.4.m.1", "model.6.m.0", "model.6.m.1", "model.6.m.2"),
                    names(Fixtures.model("yolov5n", m, 1)));
            assertEquals(List.of("model.4.m.0", "model.4.m.1", "model.6.m.0", "model.6.m.1"), names(Fixtures.model("yolov8n", m, 1)));
            assertEquals(List.of("model.5", "model.12", "model.19", "model.26", "model.45", "model.55", "model.63", "model.71"),
                    names(Fixtures.model("yolov7-tiny", m, 1)));
            List<LayerPruning.Unit> ghost = LayerPruning.candidates(Fixtures.model("yolov5n-ghost", m, 1));
            assertTrue(!ghost.isEmpty() && ghost.stream().allMatch(u -> u.kind() == LayerPruning.Kind.BLOCK
                    && u.name().matches("model\\.\\d+\\.m\\.\\d+")), ghost.toString());
            for (LayerPruning.Unit u : LayerPruning.candidates(Fixtures.model("yolov5n", m, 1))) {
                assertTrue(u.score() > 0.3 && u.score() < 1.3 && u.parameters() > 0, u.toString());
            }
        }
    }

    /** Silences one unit, removes it, and compares the outputs of both models. */
    private static void assertRemovalIsExact(String cfg, int pick, NDManager m) {
        YoloModel model = Fixtures.model(cfg, m, 7);
        LayerPruning.Unit unit = LayerPruning.candidates(model).get(pick);
        LayerPruning.silence(model, unit);
        NDArray x = Fixtures.input(m, 3);
        float[][] expected = Fixtures.outputs(model, x);
        LayerPruning.Result r = LayerPruning.prune(model, 1, m);
        assertEquals(List.of(unit.name()), r.removed().stream().map(LayerPruning.Unit::name).toList(), cfg);
        assertTrue(r.model().parameterCount() < model.parameterCount(), cfg);
        Fixtures.assertClose(expected, Fixtures.outputs(r.model(), x), 1e-4, cfg + " without " + unit.name());
    }

    @Test
    void removingASilencedUnitChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertRemovalIsExact("yolov5n", 3, m);
            assertRemovalIsExact("yolov8n", 0, m);
            assertRemovalIsExact("yolov8n", 1, m);
            assertRemovalIsExact("yolov7-tiny", 1, m);
            assertRemovalIsExact("yolov5n-ghost", 0, m);
        }
    }

    @Test
    void unitsGoLowestFirstAndFreedBranchesFollow(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = Fixtures.model("yolov7-tiny", m, 5);
            LayerPruning.silence(model, new LayerPruning.Unit("model.5", LayerPruning.Kind.BRANCH, 0, 0));
            LayerPruning.silence(model, new LayerPruning.Unit("model.4", LayerPruning.Kind.BRANCH, 0, 0));
            NDArray x = Fixtures.input(m, 4);
            float[][] expected = Fixtures.outputs(model, x);
            LayerPruning.Result r = LayerPruning.prune(model, 2, m);
            assertEquals(List.of("model.5", "model.4"), r.removed().stream().map(LayerPruning.Unit::name).toList());
            assertEquals(model.size() - 2, r.model().size());
            assertNull(r.rename("model.4"));
            assertNull(r.rename("model.5.conv"));
            assertEquals("model.5", r.rename("model.7"));
            assertEquals("model.75", r.rename("model.77"));
            assertEquals("model.3", r.rename("model.3"));
            Fixtures.assertClose(expected, Fixtures.outputs(r.model(), x), 1e-4, "yolov7-tiny without an ELAN chain");

            PrunedRun.save(dir.resolve("run"), r.model(), Map.of("layers", 2));
            YoloModel back = YoloModel.load(dir.resolve("run"), m);
            Fixtures.assertClose(expected, Fixtures.outputs(back, x), 1e-4, "reloaded");

            PruneReport report = PruneReport.of(model, r.model(), 64, r::rename);
            Table rows = report.layers();
            assertEquals(model.size(), rows.rowCount());
            assertEquals(PruneReport.REMOVED, rows.stringColumn("output after").get(4));
            assertEquals(0L, rows.longColumn("params after").get(5));
            assertEquals(rows.longColumn("params before").get(7) - 64 * 64, rows.longColumn("params after").get(7));
            Table ch = report.channels();
            int i = ch.stringColumn("layer").indexOf("model.7");
            assertEquals("model.5", ch.stringColumn("layer after").get(i));
            assertEquals(ch.longColumn("channels before").get(i), ch.longColumn("channels after").get(i));
            assertEquals(0L, ch.longColumn("channels after").get(ch.stringColumn("layer").indexOf("model.4")));
            assertEquals(report.parametersAfter(), r.model().parameterCount());
            assertTrue(report.channelChart().getSeriesMap().containsKey("after"));
        }
    }

    @Test
    void channelPruningAfterLayerPruningReportsAgainstTheOriginal() {
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = Fixtures.model("yolov5n", m, 9);
            LayerPruning.Result cut = LayerPruning.prune(model, 1, m);
            YoloModel both = Pruner.prune(cut.model(), PruneOptions.percent(40), m);
            PruneReport report = PruneReport.of(model, both, 64, cut::rename);
            Table ch = report.channels();
            assertTrue(ch.doubleColumn("kept %").min() < 100);
            assertEquals(PruneReport.REMOVED, ch.stringColumn("layer after").get(ch.stringColumn("layer").indexOf(
                    cut.removed().get(0).name() + ".cv1")));
            Map<String, Object> f = report.figures();
            assertEquals(report.parametersAfter(), f.get("parameters_after"));
            assertTrue((double) f.get("parameters_ratio") < 0.7, f.toString());
        }
    }

    @Test
    void askingForMoreUnitsThanThereAreIsAOneLineError() {
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = Fixtures.model("yolov8n", m, 2);
            SlimException e = assertThrows(SlimException.class, () -> LayerPruning.prune(model, 3, m));
            assertEquals("prune: --layers 3, but yolov8n has only 2 removable blocks and branches", e.getMessage());
        }
    }
}
