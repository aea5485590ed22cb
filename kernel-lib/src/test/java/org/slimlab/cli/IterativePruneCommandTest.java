package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.IterativePruning;
import org.slimlab.slim.PrunedRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slim prune --steps K --finetune-epochs E} on a tiny generated FashionDet at 64 px. */
class IterativePruneCommandTest {

    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    @Test
    void eachRoundIsARunAndTheLastReloadsOnItsOwn(@TempDir Path dir) throws Exception {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path src = TestData.tinyFashionMnist(dir.resolve("mnist"), 40, 20);
        CliRun d = slim("data", "fashion-det", "--out", dir.resolve("fd").toString(), "--train", "8", "--val", "4",
                "--img", "64", "--seed", "1", "--source", src.toString());
        assertEquals(0, d.code(), d.err());
        Path data = dir.resolve("fd/data.yaml");
        Path base = dir.resolve("base");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            YoloModel.build(ModelSpec.load("yolov5n").withNc(10)).initialize(m).save(base);
        }
        Files.writeString(base.resolve("args.yaml"), "img: 64\noptimizer: AdamW\n");
        Path out = dir.resolve("it");
        CliRun r = slim("prune", "--weights", base.toString(), "--percent", "51", "--steps", "2", "--finetune-epochs", "1",
                "--data", data.toString(), "--batch", "4", "--workers", "0", "--img", "64", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        String json = lines.get(lines.size() - 1);
        assertTrue(json.startsWith("{\"run\":\"" + out.resolve("step2") + "\",\"steps\":2,\"step_percent\":30,"), json);
        long before;
        long[] after = new long[2];
        try (NDManager m = NDManager.newBaseManager()) {
            before = YoloModel.load(base, m).parameterCount();
            for (int i = 1; i <= 2; i++) {
                assertTrue(Files.isRegularFile(out.resolve("step" + i + "-pruned/weights/best.params")));
                after[i - 1] = YoloModel.load(out.resolve("step" + i), m).parameterCount();
            }
        }
        assertTrue(before > after[0] && after[0] > after[1], before + " > " + after[0] + " > " + after[1]);
        Map<String, Object> args = PrunedRun.readArgs(out.resolve("step2-pruned"));
        assertEquals(out.resolve("step1").toAbsolutePath().normalize().toString(), args.get("parent"));
        assertEquals(2, args.get("step"));
        Map<String, Object> tuned = PrunedRun.readArgs(out.resolve("step2"));
        assertEquals("AdamW", tuned.get("optimizer"));
        assertEquals(1, tuned.get("epochs"));
        List<String> csv = Files.readAllLines(out.resolve(IterativePruning.CSV));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(2).endsWith(out.resolve("step2").toString()), csv.toString());

        CliRun bad = slim("prune", "--weights", base.toString(), "--percent", "50", "--steps", "2", "--data", data.toString(),
                "--out", dir.resolve("x").toString());
        assertEquals("error: prune: --steps needs --finetune-epochs E (at least 1)", bad.err().strip());
        CliRun noData = slim("prune", "--weights", base.toString(), "--percent", "50", "--steps", "2", "--finetune-epochs", "1",
                "--out", dir.resolve("x").toString());
        assertEquals("error: prune: --steps and --finetune-epochs need --data DATA (a data yaml to fine-tune on)", noData.err().strip());
    }

    @Test
    void roundsCompoundToTheTotalShare() {
        double each = IterativePruning.stepPercent(50, 2);
        assertEquals(29.289, each, 1e-3);
        assertEquals(0.5, Math.pow(1 - each / 100, 2), 1e-12);
        assertEquals(50, IterativePruning.stepPercent(50, 1), 1e-12);
    }
}
