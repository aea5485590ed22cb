package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.data.TestData;
import org.slimlab.data.TestData.Rect;
import org.slimlab.model.ModelSpec;

/** Every shipped lightweight variant builds and trains one optimizer step on real images with a finite loss. */
class VariantTrainingStepTest {
    private static final int[] COLORS = {0xE02020, 0x20C020, 0x2040E0};

    @TempDir
    static Path dir;

    private static Path data;

    @BeforeAll
    static void fourImages() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        for (int i = 0; i < 4; i++) {
            int x = 4 + 8 * i;
            TestData.labelled(dir.resolve("data/images/train/" + i + ".png"), 64, 64,
                    new Rect[] {new Rect(x, 10, x + 18, 40, COLORS[i % 3])}, new int[] {i % 3});
        }
        data = TestData.yaml(dir.resolve("data"), "red", "green", "blue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yolov5n-ghost", "yolov5n-mobilenetv3", "yolov5n-shufflenetv2", "yolov5n-dwconv",
        "yolov5n-fasternet", "yolov5n-adown", "yolov8n-csppc", "yolov8n-adown", "yolov8n-csppc-adown"})
    void trainsOneStep(String cfg) throws Exception {
        YoloDetector detector = new YoloDetector(ModelSpec.load(cfg).withNc(3));
        Path run = dir.resolve("runs").resolve(cfg);
        TrainConfig c = TrainConfig.of().withEpochs(1).withBatch(4).withImgSize(64).withSeed(1).withWarmupEpochs(0);
        TrainResult r;
        try (DetLoader train = DetLoader.builder(DetDataset.load(data, "train")).imgSize(64).batchSize(4).shuffle(true)
                .workers(0).seed(1).build();
                Trainer t = Trainer.builder(detector, LoaderData.of(train), run).config(c).build()) {
            assertEquals(1, LoaderData.of(train).batches(), "one batch is one step");
            r = t.run();
        }
        assertEquals(1, r.epochsDone());
        assertFalse(r.stopped());
        int losses = 0;
        for (Map.Entry<String, Double> e : r.lastRow().entrySet()) {
            if (e.getKey().startsWith("train/")) {
                assertTrue(Double.isFinite(e.getValue()) && e.getValue() > 0, cfg + " " + e);
                losses++;
            }
        }
        assertEquals(3, losses, cfg + " " + r.lastRow());
        assertTrue(Files.size(new RunDir(run).lastWeights()) > 0);
    }
}
