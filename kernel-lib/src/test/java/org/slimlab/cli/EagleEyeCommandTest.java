package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.PrunedRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slim prune --method eagleeye} on a tiny generated FashionDet at 64 px. */
class EagleEyeCommandTest {

    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    @Test
    void searchesCandidatesAtTheBudgetAndKeepsTheBest(@TempDir Path dir) throws Exception {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path src = TestData.tinyFashionMnist(dir.resolve("mnist"), 40, 20);
        CliRun d = slim("data", "fashion-det", "--out", dir.resolve("fd").toString(), "--train", "8", "--val", "4",
                "--img", "64", "--seed", "1", "--source", src.toString());
        assertEquals(0, d.code(), d.err());
        Path data = dir.resolve("fd/data.yaml");
        Path base = dir.resolve("base");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            YoloModel.build(ModelSpec.load("yolov5n").withNc(10)).initialize(m).save(base);
        }
        Path out = dir.resolve("ee");
        CliRun r = slim("prune", "--weights", base.toString(), "--method", "eagleeye", "--percent", "50", "--data",
                data.toString(), "--candidates", "3", "--calib-batches", "1", "--batch", "4", "--data-img", "64",
                "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.stream().filter(l -> l.matches("candidate \\d/3: .*")).count(), r.out());
        String json = lines.get(lines.size() - 1);
        assertTrue(json.contains("\"best_candidate\":") && json.contains("\"best_fitness\":"), json);
        assertTrue(Files.size(out.resolve("eagleeye.png")) > 1000);
        List<String> csv = Files.readAllLines(out.resolve("eagleeye.csv"));
        assertEquals(4, csv.size(), csv.toString());
        for (String row : csv.subList(1, 4)) {
            double kept = Double.parseDouble(row.split(",")[3]);
            assertTrue(Math.abs(kept - 0.5) < 0.06, "candidate keeps " + kept + " of the GFLOPs: " + row);
        }
        Map<String, Object> args = PrunedRun.readArgs(out);
        assertEquals("eagleeye", args.get("method"));
        assertEquals(3, args.get("candidates"));
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(((Number) args.get("parameters_after")).longValue(), YoloModel.load(out, m).parameterCount());
        }
        CliRun bad = slim("prune", "--weights", base.toString(), "--method", "eagleeye", "--percent", "50", "--out",
                dir.resolve("x").toString());
        assertEquals("error: prune: --method eagleeye needs --data DATA (a data yaml)", bad.err().strip());
    }
}
