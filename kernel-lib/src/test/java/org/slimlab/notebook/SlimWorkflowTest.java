package org.slimlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.slimlab.data.TestData;
import org.slimlab.data.TestData.Rect;
import org.slimlab.model.ModelSummary;
import org.slimlab.train.RunValidation;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainOutcome;
import tech.tablesaw.api.Table;

/** The notebook workflow through the facade: look at data, summarise, train, validate, plot, draw predictions. */
class SlimWorkflowTest {
    private static final int[] COLORS = {0xE02020, 0x20C020, 0x2040E0};

    @TempDir
    Path dir;

    private Path dataset() {
        for (String split : List.of("train", "val")) {
            for (int i = 0; i < 8; i++) {
                int x = 4 + 5 * i;
                Path img = dir.resolve("data/images/" + split + String.format("/%02d.png", i));
                TestData.labelled(img, 64, 64, new Rect[] {new Rect(x, 8, x + 20, 36, COLORS[i % 3])}, new int[] {i % 3});
            }
        }
        return TestData.yaml(dir.resolve("data"), "red", "green", "blue");
    }

    @Test
    void trainValidateAndLook() throws Exception {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path data = dataset();
        BufferedImage grid = Slim.dataGrid(data, 4);
        assertEquals(512, grid.getWidth());
        Table counts = Slim.classCounts(data);
        assertEquals(List.of("class", "name", "train images", "train objects", "val images", "val objects"),
                counts.columnNames());
        assertEquals(3, counts.intColumn("train objects").get(0));
        ModelSummary summary = Slim.modelSummary("yolov5n", data, 64);
        assertTrue(summary.line().startsWith("yolov5n summary: 214 layers, "), summary.line());

        Path run = dir.resolve("runs/baseline");
        TrainConfig cfg = TrainConfig.of().withEpochs(1).withBatch(4).withImgSize(64);
        Slim.train("yolov5n", data, cfg, run);
        TrainOutcome again = Slim.train("yolov5n", data, cfg, run);
        assertEquals(1, again.result().epochsDone(), "an earlier run in the folder is replaced");
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size());

        RunValidation.Result v = Slim.validate(run, data);
        assertEquals(8, v.metrics().images());
        assertEquals(again.best().map50_95(), v.metrics().map50_95(), 0.0);
        XYChart pr = Slim.prCurve(v.metrics());
        assertTrue(pr.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("all classes")));
        assertTrue(Slim.confusionMatrix(v.metrics()).getWidth() > 100);
        BufferedImage predictions = Slim.predictions(run, data, 4);
        assertEquals(512, predictions.getWidth());
        assertEquals(512, predictions.getHeight());
    }
}
