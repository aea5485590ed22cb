package org.slimlab.report;

import org.junit.jupiter.api.Test;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.notebook.Recipe;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recipe table: every step lighter than the one before, counts that agree with the summaries, timings present. */
class AfpnRecipeTest {

    @Test
    void eachStepOfTheRecipeIsLighterAndTheTableAgreesWithTheSummaries() {
        Table t = Recipe.counts(10, 256);
        assertEquals(List.of("step", "config", "params_nc1", "params_nc10", "params_pct", "gflops_640", "gflops_256"),
                t.columnNames());
        assertEquals(Recipe.configs(), t.stringColumn("config").asList());
        assertEquals(RecipeSteps.REPORTED_BASE, t.longColumn("params_nc1").get(0), "YOLOv8n at nc=1, as Ultralytics prints it");
        for (int i = 1; i < t.rowCount(); i++) {
            assertTrue(t.longColumn("params_nc1").get(i) < t.longColumn("params_nc1").get(i - 1), "step " + i);
            assertTrue(t.doubleColumn("gflops_640").get(i) < t.doubleColumn("gflops_640").get(i - 1), "step " + i);
        }
        ModelSummary lite = ModelSummary.of(ModelSpec.load("yolov8n-lite").withNc(10));
        assertEquals(lite.parameters(), t.longColumn("params_nc10").get(3));
        assertEquals(lite.gflops(), t.doubleColumn("gflops_640").get(3), 0.005);
        double ratio = t.doubleColumn("gflops_256").get(0) / t.doubleColumn("gflops_640").get(0);
        assertEquals(256.0 * 256 / (640 * 640), ratio, 0.01, "GFLOPs scale with the image area");

        Table parts = Recipe.parts(1);
        for (int i = 0; i < 4; i++) {
            long sum = parts.longColumn("backbone").get(i) + parts.longColumn("neck").get(i) + parts.longColumn("detect").get(i);
            assertEquals(t.longColumn("params_nc1").get(i), sum, Recipe.configs().get(i));
        }
        Table vs = Recipe.versusReported();
        assertEquals(0L, vs.longColumn("difference").get(0));
        assertEquals(t.longColumn("params_nc1").get(3) - RecipeSteps.REPORTED_LITE, vs.longColumn("difference").get(1));
    }

    @Test
    void timingsAreMediansPerStepAndBatch() {
        Table t = RecipeSteps.measure(2, 64, 0, 1);
        for (String c : List.of("latency_b1_ms", "latency_b16_ms")) {
            for (int i = 0; i < t.rowCount(); i++) {
                assertTrue(t.doubleColumn(c).get(i) > 0, c + " " + i);
            }
        }
    }
}
