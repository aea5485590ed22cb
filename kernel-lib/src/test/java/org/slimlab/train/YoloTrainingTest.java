package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.DetDataset;
import org.slimlab.data.DetLoader;
import org.slimlab.data.TestData;
import org.slimlab.data.TestData.Rect;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

/** The trainer on the real YOLO models, data loader and evaluator, at 64 px. */
class YoloTrainingTest {
    private static final List<String> NAMES = List.of("red", "green", "blue");
    private static final int[] COLORS = {0xE02020, 0x20C020, 0x2040E0};

    @TempDir
    Path dir;

    @BeforeAll
    static void oneThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    private Path dataset() {
        for (String split : List.of("train", "val")) {
            for (int i = 0; i < 8; i++) {
                int c = i % 3;
                int x = 4 + 5 * i;
                Path img = dir.resolve("data/images/" + split + String.format("/%02d.png", i));
                TestData.labelled(img, 64, 64, new Rect[] {new Rect(x, 8, x + 20, 36, COLORS[c])}, new int[] {c});
            }
        }
        return TestData.yaml(dir.resolve("data"), NAMES.toArray(new String[0]));
    }

    @Test
    void trainsYolov5nAndYolov8nWithValidation() throws Exception {
        Path data = dataset();
        for (String cfg : List.of("yolov5n", "yolov8n")) {
            YoloDetector detector = new YoloDetector(ModelSpec.load(cfg).withNc(3));
            try (DetLoader train = DetLoader.builder(DetDataset.load(data, "train")).imgSize(64).batchSize(4)
                    .shuffle(true).workers(0).seed(1).build();
                    DetLoader val = DetLoader.builder(DetDataset.load(data, "val")).imgSize(64).batchSize(4)
                            .workers(0).build()) {
                DetectionValidator validator = new DetectionValidator(val, NAMES);
                Path run = dir.resolve("runs/" + cfg);
                TrainConfig c = TrainConfig.of().withEpochs(2).withBatch(4).withImgSize(64).withSeed(1);
                TrainResult r;
                try (Trainer t = Trainer.builder(detector, LoaderData.of(train), run).config(c).validator(validator)
                        .build()) {
                    r = t.run();
                }
                assertEquals(2, r.epochsDone());
                List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
                String parts = detector.head().kind() == HeadSpec.Kind.ANCHOR_BASED ? "box_loss,train/obj_loss,train/cls_loss"
                        : "box_loss,train/cls_loss,train/dfl_loss";
                assertEquals("epoch,train/" + parts + ",metrics/precision,metrics/recall,metrics/mAP50,"
                        + "metrics/mAP50-95,lr/pg0,lr/pg1,lr/pg2,time", csv.get(0));
                assertEquals(3, csv.size());
                assertEquals(8, validator.lastMetrics().images());
                // the run directory loads as a model: model.yaml plus the best weights
                try (NDManager m = NDManager.newBaseManager()) {
                    YoloModel back = YoloModel.load(run, m);
                    double fitness = validator.validate(back, 0).fitness();
                    assertEquals(r.bestFitness(), fitness, 1e-9, cfg);
                }
                assertTrue(Files.size(new RunDir(run).checkpoint()) > 2 * Files.size(new RunDir(run).bestWeights()));
            }
        }
    }
}
