package org.slimlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import org.slimlab.model.ModelSpec;

/** {@code slim compare} and {@code slim anchors} on a tiny generated FashionDet. */
class CompareCommandTest {
    @TempDir
    static Path dir;

    private static Path data;


    @BeforeAll
    static void tinyFashionDet() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path src = TestData.tinyFashionMnist(dir.resolve("mnist"), 40, 20);
        CliRun r = slim("data", "fashion-det", "--out", dir.resolve("fd").toString(), "--train", "8", "--val", "4",
                "--img", "64", "--seed", "1", "--source", src.toString());
        assertEquals(0, r.code(), r.err());
        data = dir.resolve("fd/data.yaml");
    }

    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    @Test
    void trainsTwoVariantsAndWritesTheTable() throws Exception {
        Path project = dir.resolve("cmp");
        CliRun r = slim("compare", "--cfgs", "yolov5n,yolov5n-ghost", "--data", data.toString(), "--epochs", "1",
                "--img", "64", "--batch", "4", "--workers", "0", "--seed", "2", "--latency-runs", "1", "--project",
                project.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(project.resolve("compare.csv"));
        assertEquals("name,width_factor,parameters,gflops,cpu_b1_ms,cpu_b16_ms,gpu_b1_ms,gpu_b16_ms,map50,map50_95,"
                + "train_s,run", csv.get(0));
        assertEquals(3, csv.size());
        String[] base = csv.get(1).split(",", -1);
        String[] ghost = csv.get(2).split(",", -1);
        assertEquals("yolov5n", base[0]);
        assertEquals("yolov5n-ghost", ghost[0]);
        assertTrue(Long.parseLong(ghost[2]) < Long.parseLong(base[2]), "Ghost has fewer parameters");
        assertTrue(Double.parseDouble(ghost[3]) < Double.parseDouble(base[3]), "and fewer GFLOPs");
        for (String[] row : List.of(base, ghost)) {
            assertTrue(Double.parseDouble(row[4]) > 0 && Double.parseDouble(row[5]) > Double.parseDouble(row[4]) * 0.5);
            assertTrue(Double.parseDouble(row[10]) > 0);
            double map = Double.parseDouble(row[9]);
            assertTrue(map >= 0 && map <= Double.parseDouble(row[8]));
            assertTrue(Files.isRegularFile(Path.of(row[11]).resolve("weights/best.params")));
        }
        assertTrue(Files.size(project.resolve("map_vs_latency.png")) > 1000);
        assertTrue(Files.size(project.resolve("map_vs_gflops.png")) > 1000);
        JsonArray rows = r.json().getAsJsonArray("rows");
        assertEquals(2, rows.size());
        assertEquals(Long.parseLong(base[2]), rows.get(0).getAsJsonObject().get("parameters").getAsLong());

        // the same runs compared again from their directories give the same static figures
        CliRun again = slim("compare", project.resolve("yolov5n").toString(), project.resolve("yolov5n-ghost").toString(),
                "--latency-runs", "1", "--project", dir.resolve("again").toString());
        assertEquals(0, again.code(), again.err());
        List<String> csv2 = Files.readAllLines(dir.resolve("again/compare.csv"));
        for (int i = 1; i <= 2; i++) {
            String[] a = csv.get(i).split(",", -1);
            String[] b = csv2.get(i).split(",", -1);
            for (int col : new int[] {0, 2, 3, 8, 9}) {
                assertEquals(a[col], b[col], "column " + col);
            }
        }
    }

    @Test
    void equalGflopsWidthScalesTheVariant() throws Exception {
        Path project = dir.resolve("equal");
        // one batch of the 8 training images: a single optimizer step
        CliRun r = slim("compare", "--cfgs", "yolov5n-ghost", "--equal-gflops", "yolov5n", "--data", data.toString(),
                "--epochs", "1", "--img", "64", "--batch", "8", "--nbs", "8", "--hyp", "cls=1.25,mosaic=0", "--workers", "0",
                "--latency-runs", "1", "--project", project.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject row = r.json().getAsJsonArray("rows").get(0).getAsJsonObject();
        double factor = row.get("width_factor").getAsDouble();
        assertTrue(factor > 1, row.toString());
        ModelSpec trained = ModelSpec.loadRun(Path.of(row.get("run").getAsString()));
        assertTrue(trained.name().startsWith("yolov5n-ghost-w"), trained.name());
        // --nbs and --hyp reach every trained variant and are recorded in its args.yaml
        List<String> args = Files.readAllLines(Path.of(row.get("run").getAsString()).resolve("args.yaml"));
        assertTrue(args.contains("nbs: 8"), args.toString());
        assertTrue(args.contains("cls: 1.25"), args.toString());
        assertTrue(args.contains("mosaic: 0.0"), args.toString());
        double ref = org.slimlab.model.EqualGflops.gflops(ModelSpec.load("yolov5n").withNc(10), 640);
        assertEquals(1.0, row.get("gflops").getAsDouble() / ref, 0.03);
    }

    @Test
    void badInputIsOneLine() {
        CliRun none = slim("compare");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("error: compare: give trained run directories"), none.err());
        CliRun noData = slim("compare", "--cfgs", "yolov5n");
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("--data"), noData.err());
        CliRun hypNoAugment = slim("compare", "--cfgs", "yolov5n", "--data", data.toString(), "--no-augment", "--hyp",
                "mosaic=0.5");
        assertEquals(2, hypNoAugment.code());
        assertTrue(hypNoAugment.err().startsWith("error: --no-augment switches augmentation off; drop --hyp mosaic"),
                hypNoAugment.err());
        Path empty = TestData.yaml(dir.resolve("empty"), "a");
        CliRun allFail = slim("compare", "--cfgs", "yolov5n,yolov5n-ghost", "--data", empty.toString(), "--epochs", "1",
                "--img", "64", "--workers", "0", "--project", dir.resolve("fail").toString());
        assertEquals(2, allFail.code());
        assertTrue(allFail.err().startsWith("error: compare: no variant finished training (yolov5n: "), allFail.err());
        assertTrue(allFail.err().contains("; yolov5n-ghost: "), allFail.err());
        assertEquals(1, allFail.err().strip().lines().count(), allFail.err());
        CliRun anchorFree = slim("anchors", "--data", data.toString(), "--cfg", "yolov8n", "--img", "64");
        assertEquals(2, anchorFree.code());
        assertTrue(anchorFree.err().contains("anchor-free"), anchorFree.err());
    }

    @Test
    void anchorsFitsWritesAndRepeats() throws Exception {
        Path out = dir.resolve("fitted.yaml");
        String[] args = {"anchors", "--data", data.toString(), "--cfg", "yolov5n", "--img", "64", "--generations", "200",
            "--seed", "4", "--write", out.toString(), "--json"};
        CliRun r = slim(args);
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertTrue(j.get("bpr_after").getAsDouble() >= j.get("bpr_before").getAsDouble(), j.toString());
        assertTrue(j.get("fitness_after").getAsDouble() > j.get("fitness_before").getAsDouble(), j.toString());
        assertEquals(9, j.getAsJsonArray("anchors").size());
        ModelSpec written = ModelSpec.load(out.toString());
        assertEquals(10, written.nc());
        assertEquals(j.getAsJsonArray("anchors").get(0).getAsJsonArray().get(0).getAsDouble(),
                written.anchorPixels()[0][0], 0.0);
        assertEquals(ModelSpec.load("yolov5n").rows(), written.rows());
        CliRun again = slim(args);
        assertEquals(j, again.json(), "same seed, same anchors");
    }
}
