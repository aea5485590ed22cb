package org.slimlab.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A saved model directory reloads to the same outputs. */
class PersistenceTest {

    private static float[] run(YoloModel model, NDManager m, boolean train) {
        NDArray x = m.arange(3f * 64 * 64).reshape(1, 3, 64, 64).div(3f * 64 * 64);
        NDList out = model.forward(new ParameterStore(m, false), new NDList(x), train);
        return model.head().decode(out).toFloatArray();
    }

    @Test
    void savedModelsReloadToTheSameOutputs(@TempDir Path dir) {
        for (String name : new String[] {"yolov7-tiny", "yolov8n"}) {
            Path run = dir.resolve(name);
            float[] before;
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                YoloModel model = YoloModel.build(name).initialize(m);
                run(model, m, true); // moves the BatchNorm statistics away from their initial values
                before = run(model, m, false);
                model.save(run);
            }
            assertTrue(Files.isRegularFile(run.resolve(YoloModel.MODEL_YAML)));
            assertTrue(Files.isRegularFile(run.resolve("weights/best.params")));
            assertTrue(Files.isRegularFile(run.resolve("weights/last.params")));
            try (NDManager m = NDManager.newBaseManager()) {
                YoloModel back = YoloModel.load(run, m);
                assertEquals(name, back.spec().name());
                assertArrayEquals(before, run(back, m, false), 0f, name);
            }
        }
    }

    @Test
    void aModelWithExplicitWidthsSavesItsOwnArchitecture(@TempDir Path dir) {
        ModelSpec r = ModelSpec.load("yolov5n").resolved();
        ModelSpec pruned = r.withRow(4, r.row(4).withWidths(Map.of("cv1", 24, "cv2", 13, "m.0.cv1", 7, "m.1.cv1", 11)));
        float[] before;
        long params;
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel model = YoloModel.build(pruned).initialize(m);
            params = model.parameterCount();
            before = run(model, m, false);
            model.save(dir);
        }
        String yaml = Files.exists(dir.resolve("model.yaml")) ? readString(dir.resolve("model.yaml")) : "";
        assertTrue(yaml.contains("{cv1: 24, cv2: 13, m.0.cv1: 7, m.1.cv1: 11}"), yaml);
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel back = YoloModel.load(dir, m);
            assertEquals(params, back.parameterCount());
            assertArrayEquals(before, run(back, m, false), 0f);
        }
    }

    @Test
    void weightsThatDoNotFitAreRefused(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel.build("yolov5n").initialize(m).saveWeights(dir.resolve("w.params"));
            YoloModel other = YoloModel.build("yolov5n-ghost");
            SlimException e = assertThrows(SlimException.class, () -> other.loadWeights(m, dir.resolve("w.params")));
            assertTrue(e.getMessage().contains("weights do not fit yolov5n-ghost"), e.getMessage());
        }
        SlimException e = assertThrows(SlimException.class, () -> YoloModel.load(dir.resolve("nothing")));
        assertTrue(e.getMessage().endsWith("no model.yaml (not a model or run directory)"), e.getMessage());
    }

    @Test
    void loadTakesBestWeightsElseLastAndNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        float[] best;
        float[] last;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            YoloModel a = YoloModel.build("yolov5n").initialize(m);
            a.save(dir);
            last = run(a, m, false);
            Engine.getInstance().setRandomSeed(6);
            YoloModel b = YoloModel.build("yolov5n").initialize(m);
            b.saveWeights(dir.resolve("weights/best.params"));
            best = run(b, m, false);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(best, run(YoloModel.load(dir, m), m, false), 0f);
            Files.delete(dir.resolve("weights/best.params"));
            assertArrayEquals(last, run(YoloModel.load(dir, m), m, false), 0f);
            Files.delete(dir.resolve("weights/last.params"));
            SlimException e = assertThrows(SlimException.class, () -> YoloModel.load(dir, m));
            assertEquals(dir + ": no weights (weights/best.params or weights/last.params)", e.getMessage());
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
