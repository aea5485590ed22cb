package org.slimlab.notebook;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.slimlab.data.TestData;
import org.slimlab.data.TestData.Rect;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.LayerPruning;
import org.slimlab.slim.PruneOptions;
import org.slimlab.slim.PrunedRun;
import org.slimlab.slim.Pruner;
import org.slimlab.train.TrainConfig;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pruning notebooks' facade on a tiny three-class dataset at 64 px. */
class PruneFacadeTest {
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
    void sparsityRunPruneCompareAndSave() throws Exception {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path data = dataset();
        Path base = dir.resolve("runs/base");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            YoloModel.build(ModelSpec.load("yolov5n").withNc(3)).initialize(m).save(base);
        }
        Files.writeString(base.resolve("args.yaml"), "img: 64\nepochs: 1\n");

        TrainConfig cfg = TrainConfig.of().withEpochs(2).withBatch(4).withImgSize(64).withLr0(0.01).withWarmupEpochs(0)
                .with("nbs", 4);
        Pruning.SparsityRun sparse = Pruning.sparsityTrain(base, data, 0.05, cfg, dir.resolve("runs/sparse"));
        assertEquals(2, sparse.regularizer().history().size());
        assertEquals(2, sparse.histogram(10).getSeriesMap().size());
        assertEquals(2, sparse.statistics().rowCount());
        Table lambdas = Pruning.lambdaTable(List.of(sparse));
        assertEquals(0.05, lambdas.doubleColumn("lambda").get(0), 0);
        assertTrue(lambdas.doubleColumn("mean |gamma|").get(0) < 1, lambdas.print());

        Map<String, Path> runs = new LinkedHashMap<>();
        runs.put("baseline", base);
        runs.put("sparse", sparse.run());
        Table gammas = Pruning.gammaTable(runs);
        assertTrue(gammas.doubleColumn("sparsity/gamma_mean").get(1) < gammas.doubleColumn("sparsity/gamma_mean").get(0),
                gammas.print());
        XYChart histogram = Pruning.gammaHistogram(runs, 10);
        assertEquals(List.of("baseline", "sparse"), List.copyOf(histogram.getSeriesMap().keySet()));

        YoloModel model = Pruning.load(sparse.run());
        Map<String, PruneOptions> options = new LinkedHashMap<>();
        options.put("global", PruneOptions.percent(50));
        options.put("uniform", PruneOptions.method("uniform", 50));
        Table compared = Pruning.compareOptions(model, options, data, 64);
        assertEquals(2, compared.rowCount());
        assertTrue(compared.longColumn("parameters").get(0) < model.parameterCount());
        double map = compared.doubleColumn("mAP50 before fine-tuning").get(0);
        assertTrue(map >= 0 && map <= 1, compared.print());

        YoloModel small = Pruning.prune(model, Pruner.plan(model, PruneOptions.percent(50)));
        Path saved = Pruning.save(small, sparse.run(), Map.of("percent", 50), dir.resolve("runs/pruned"));
        Path again = Pruning.save(small, sparse.run(), Map.of("percent", 50), dir.resolve("runs/pruned"));
        assertEquals(saved, again, "an earlier run in the folder is replaced");
        assertEquals(sparse.run().toAbsolutePath().normalize().toString(), PrunedRun.readArgs(saved).get("parent"));
        assertEquals(64, PrunedRun.readArgs(saved).get("img"));

        LayerPruning.Result cut = Pruning.pruneLayers(model, 1);
        assertEquals(1, cut.removed().size());
        assertEquals(model.size(), cut.model().size());

        Map<String, Path> side = new LinkedHashMap<>();
        side.put("sparse", sparse.run());
        side.put("pruned", saved);
        Table t = Pruning.compare(side, data, 64);
        assertEquals(List.of("run", "parameters", "GFLOPs", "mAP50", "mAP50-95", "ms batch 1", "ms batch 16"), t.columnNames());
        assertTrue(t.longColumn("parameters").get(1) < t.longColumn("parameters").get(0));
        assertTrue(t.doubleColumn("ms batch 16").get(0) > 0);
    }
}
