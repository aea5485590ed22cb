package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.GammaStats;
import org.slimlab.slim.PrunedRun;
import org.slimlab.slim.SparsityRegularizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slim train --sr} on a tiny generated FashionDet at 64 px, then pruning its result. */
class SparsityTrainCommandTest {

    private static String[] run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return new String[] {r.out(), r.err()};
    }

    private static String[] concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }

    @Test
    void sparsityTrainingShrinksGammasRecordsItselfAndPrunes(@TempDir Path dir) throws Exception {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path src = TestData.tinyFashionMnist(dir.resolve("mnist"), 40, 20);
        run("data", "fashion-det", "--out", dir.resolve("fd").toString(), "--train", "16", "--val", "8", "--img", "64",
                "--seed", "1", "--source", src.toString());
        String data = dir.resolve("fd/data.yaml").toString();
        List<String> train = List.of("train", "--cfg", "yolov5n", "--data", data, "--epochs", "2", "--img", "64", "--batch", "4",
                "--workers", "0", "--seed", "3", "--project", dir.toString(), "--no-augment");
        run(concat(train, "--name", "plain"));
        run(concat(train, "--name", "sr", "--sr", "0.01", "--sr-decay"));
        Path runDir = dir.resolve("sr");
        Map<String, Object> args = PrunedRun.readArgs(runDir);
        assertEquals(0.01, args.get("sr"));
        assertEquals("decay", args.get("sr_schedule"));
        List<String> csv = Files.readAllLines(runDir.resolve(SparsityRegularizer.CSV));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("epoch,sr,sparsity/gamma_mean,sparsity/below_1e-2"), csv.get(0));
        assertTrue(csv.get(1).startsWith("1,0.01,") && csv.get(2).startsWith("2,0.0055,"), csv.toString());
        double live = Double.parseDouble(csv.get(2).split(",")[2]);
        try (NDManager m = NDManager.newBaseManager()) {
            GammaStats plain = GammaStats.of(GammaStats.prunableGammas(YoloModel.load(dir.resolve("plain"), m)));
            GammaStats sparse = GammaStats.of(GammaStats.prunableGammas(YoloModel.load(runDir, m)));
            assertTrue(live < plain.meanAbs() && sparse.meanAbs() < plain.meanAbs(), live + " / " + sparse + " vs " + plain);
        }
        String[] pruned = run("prune", "--weights", runDir.toString(), "--percent", "40", "--out", dir.resolve("p").toString(),
                "--json");
        assertTrue(pruned[0].contains("\"parameters_after\""), pruned[0]);
        assertEquals(data, PrunedRun.readArgs(dir.resolve("p")).get("data"));
    }
}
