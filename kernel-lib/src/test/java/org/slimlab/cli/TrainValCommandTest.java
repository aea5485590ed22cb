package org.slimlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import org.slimlab.eval.CocoDetection;
import org.slimlab.eval.CocoResults;
import org.slimlab.train.TrainConfig;
import picocli.CommandLine;

/** {@code slim train} and {@code slim val} as a user runs them, on a tiny generated FashionDet at 64 px. */
class TrainValCommandTest {
    private static final int IMG = 64;

    @TempDir
    static Path dir;

    private static Path data;
    private static Path reference;


    @BeforeAll
    static void tinyFashionDet() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path src = TestData.tinyFashionMnist(dir.resolve("mnist"), 40, 20);
        CliRun r = slim("data", "fashion-det", "--out", dir.resolve("fd").toString(), "--train", "16", "--val", "8",
                "--img", String.valueOf(IMG), "--seed", "1", "--source", src.toString());
        assertEquals(0, r.code(), r.err());
        data = dir.resolve("fd/data.yaml");
    }

    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    /** The arguments of a two-epoch YOLOv5n run on the tiny dataset, in {@code project/name}. */
    private static List<String> trainArgs(Path project, String name) {
        return List.of("train", "--cfg", "yolov5n", "--data", data.toString(), "--epochs", "2", "--img",
                String.valueOf(IMG), "--batch", "4", "--workers", "0", "--seed", "3", "--project", project.toString(),
                "--name", name, "--json");
    }

    /** An uninterrupted two-epoch run, trained once for the tests that compare with it. */
    private static synchronized Path reference() {
        if (reference == null) {
            CliRun r = slim(trainArgs(dir.resolve("runs"), "ref").toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
            reference = dir.resolve("runs/ref");
        }
        return reference;
    }

    /** metrics.csv without its time column. */
    private static List<String> metricsWithoutTime(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            out.add(line.substring(0, line.lastIndexOf(',')));
        }
        return out;
    }

    @Test
    void trainWritesARunDirectoryAndValReadsIt() throws Exception {
        Path project = dir.resolve("smoke");
        CliRun t = slim(trainArgs(project, "exp").toArray(new String[0]));
        assertEquals(0, t.code(), t.err());
        Path run = project.resolve("exp");
        JsonObject j = t.json();
        assertEquals(Set.of("run", "best_map50", "best_map50_95", "epochs"), j.keySet());
        assertEquals(run.toString(), j.get("run").getAsString());
        assertEquals(2, j.get("epochs").getAsInt());
        for (String f : List.of("model.yaml", "args.yaml", "weights/best.params", "weights/last.params",
                "weights/last.ckpt")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
        TrainConfig args = TrainConfig.load(run.resolve("args.yaml"));
        assertEquals(data.toAbsolutePath().normalize().toString(), args.toMap().get("data"));
        assertEquals("yolov5n", args.toMap().get("model"));
        assertTrue(t.out().contains("Class     Images  Instances"), t.out());

        CliRun v = slim("val", "--weights", run.toString(), "--json");
        assertEquals(0, v.code(), v.err());
        JsonObject m = v.json();
        assertEquals(Set.of("map50", "map50_95", "precision", "recall"), m.keySet());
        assertEquals(j.get("best_map50").getAsDouble(), m.get("map50").getAsDouble(), 0.0);
        assertEquals(j.get("best_map50_95").getAsDouble(), m.get("map50_95").getAsDouble(), 0.0);
        assertTrue(v.out().contains("validating " + run.resolve("weights/best.params") + " on val at 64 px"), v.out());
    }

    @Test
    void saveJsonWritesCocoRowsInOriginalPixels() throws Exception {
        Path run = reference();
        Path json = dir.resolve("coco/predictions.json");
        // validated at twice the original size: boxes come back in the 64 px originals
        CliRun v = slim("val", "--weights", run.toString(), "--data", data.toString(), "--img", "128", "--conf", "0",
                "--save-json", json.toString());
        assertEquals(0, v.code(), v.err());
        List<CocoDetection> rows = CocoResults.read(json);
        assertFalse(rows.isEmpty());
        Set<String> stems;
        try (Stream<Path> images = Files.list(dir.resolve("fd/images/val"))) {
            stems = images.map(p -> p.getFileName().toString().replaceFirst("\\.[^.]+$", "")).collect(Collectors.toSet());
        }
        double right = 0;
        for (CocoDetection d : rows) {
            assertTrue(stems.contains(d.imageId()), d.imageId());
            assertTrue(d.categoryId() >= 0 && d.categoryId() < 10, d.toString());
            assertTrue(d.x() >= 0 && d.y() >= 0 && d.width() >= 0 && d.height() >= 0, d.toString());
            assertTrue(d.x() + d.width() <= IMG + 1e-3 && d.y() + d.height() <= IMG + 1e-3, d.toString());
            assertTrue(d.score() > 0 && d.score() <= 1, d.toString());
            right = Math.max(right, d.x() + d.width());
        }
        assertTrue(right > IMG * 0.75, "boxes reach the right part of the original image: " + right);
        assertTrue(v.out().contains("wrote " + rows.size() + " detections to " + json), v.out());
    }

    @Test
    void sameSeedGivesTheSameMetricsAndNamesIncrement() throws Exception {
        Path project = dir.resolve("twice");
        for (int i = 0; i < 2; i++) {
            assertEquals(0, slim(trainArgs(project, "exp").toArray(new String[0])).code());
        }
        assertTrue(Files.isDirectory(project.resolve("exp2")));
        List<String> a = metricsWithoutTime(project.resolve("exp"));
        assertEquals(a, metricsWithoutTime(project.resolve("exp2")));
        assertEquals(a, metricsWithoutTime(reference()));
    }

    @Test
    void resumeAfterSigkillEndsLikeAnUninterruptedRun() throws Exception {
        Path project = dir.resolve("cut");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                Main.class.getName()));
        cmd.addAll(trainArgs(project, "exp"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean killed = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.strip().startsWith("metrics/precision")) {
                    p.destroyForcibly();
                    killed = true;
                    break;
                }
            }
        }
        p.waitFor();
        assertTrue(killed, "the first epoch ended");
        Path run = project.resolve("exp");
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "killed during the second epoch");

        CliRun r = slim("train", "--resume", "--project", project.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resuming at epoch 2"), r.out());
        assertEquals(2, r.json().get("epochs").getAsInt());
        assertEquals(metricsWithoutTime(reference()), metricsWithoutTime(run));
    }

    @Test
    void fineTuningStartsFromARunAtATenthOfTheLearningRate() throws Exception {
        Path project = dir.resolve("tune");
        CliRun r = slim("train", "--weights", reference().toString(), "--data", data.toString(), "--epochs", "1",
                "--img", String.valueOf(IMG), "--batch", "8", "--workers", "0", "--project", project.toString());
        assertEquals(0, r.code(), r.err());
        TrainConfig args = TrainConfig.load(project.resolve("exp/args.yaml"));
        assertEquals(0.001, args.lr0(), 1e-12);
        assertEquals(reference().toAbsolutePath().normalize().toString(), args.toMap().get("weights"));
        assertEquals(Files.readString(reference().resolve("model.yaml")), Files.readString(project.resolve("exp/model.yaml")));
    }

    @Test
    void aSpentTimeBudgetStopsAfterTheFirstEpochAndArgsYamlRecordsThePlan() throws Exception {
        Path project = dir.resolve("time");
        CliRun r = slim("train", "--cfg", "yolov5n", "--data", data.toString(), "--epochs", "3", "--time", "1e-9",
                "--img", String.valueOf(IMG), "--batch", "8", "--workers", "0", "--project", project.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.json().get("epochs").getAsInt(), r.last());
        TrainConfig args = TrainConfig.load(project.resolve("exp/args.yaml"));
        assertEquals(1, args.epochs());
        assertEquals(1e-9, args.time(), 0);
        assertEquals(2, Files.readAllLines(project.resolve("exp/metrics.csv")).size());
    }

    @Test
    void novalValidatesTheLastEpochOnlyAndItsFiguresAreTheRunsBest() throws Exception {
        Path project = dir.resolve("noval");
        CliRun r = slim("train", "--cfg", "yolov5n", "--data", data.toString(), "--epochs", "2", "--noval",
                "--img", String.valueOf(IMG), "--batch", "8", "--workers", "0", "--project", project.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertFalse(TrainConfig.load(project.resolve("exp/args.yaml")).val());
        List<String> csv = Files.readAllLines(project.resolve("exp/metrics.csv"));
        List<String> head = List.of(csv.get(0).split(","));
        int map50 = head.indexOf("metrics/mAP50");
        assertEquals("NaN", csv.get(1).split(",")[map50], csv.get(1));
        double last = Double.parseDouble(csv.get(2).split(",")[map50]);
        assertEquals(last, r.json().get("best_map50").getAsDouble(), 1e-4, r.last());
        assertError("error: --resume continues a run with the arguments in its args.yaml; drop --noval", "train",
                "--resume", "--noval");
    }

    @Test
    void hypOverridesLossGainsAndAugmentationAndArgsYamlRecordsThem() throws Exception {
        Path project = dir.resolve("hyp");
        Path file = dir.resolve("hyp.yaml");
        Files.writeString(file, "obj: 0.7\nscale: 0.25\n");
        CliRun r = slim("train", "--cfg", "yolov5n", "--data", data.toString(), "--epochs", "1", "--img",
                String.valueOf(IMG), "--batch", "8", "--workers", "0", "--project", project.toString(),
                "--hyp", "cls=1.5,mosaic=0", "--hyp", file.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, Object> args = TrainConfig.load(project.resolve("exp/args.yaml")).toMap();
        assertEquals(1.5, ((Number) args.get("cls")).doubleValue(), 0.0);
        assertEquals(0.7, ((Number) args.get("obj")).doubleValue(), 0.0);
        assertEquals(0.0, ((Number) args.get("mosaic")).doubleValue(), 0.0);
        assertEquals(0.25, ((Number) args.get("scale")).doubleValue(), 0.0);
        assertEquals(0.5, ((Number) args.get("fliplr")).doubleValue(), 0.0, "keys not given keep their defaults");
        assertError("error: --hyp mixup=0.1: unknown hyperparameter 'mixup' (known: ", "train", "--cfg", "yolov5n",
                "--data", data.toString(), "--project", project.toString(), "--hyp", "mixup=0.1");
        assertError("error: augment: mosaic = 2.0 is outside 0..1.0", "train", "--cfg", "yolov5n",
                "--data", data.toString(), "--project", project.toString(), "--hyp", "mosaic=2");
        assertError("error: --no-augment switches augmentation off; drop --hyp scale", "train", "--cfg", "yolov5n",
                "--data", data.toString(), "--project", project.toString(), "--no-augment", "--hyp", "scale=0.1");
        assertFalse(Files.exists(project.resolve("exp2")), "no run directory for a rejected command line");
    }

    @Test
    void anExtensionMixinAddsItsArgumentsAndItsLoss() throws Exception {
        Path project = dir.resolve("ext");
        ProbeExtension probe = new ProbeExtension();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.getSubcommands().get("train").addMixin("probe", probe);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("train", "--cfg", "yolov5n", "--data", data.toString(), "--epochs", "1", "--img",
                String.valueOf(IMG), "--batch", "8", "--workers", "0", "--project", project.toString(),
                "--probe-gain", "0.5");
        assertEquals(0, code, err.toString());
        Path run = project.resolve("exp");
        assertEquals(0.5, (Double) TrainConfig.load(run.resolve("args.yaml")).toMap().get("probe_gain"), 0.0);
        assertTrue(Files.readAllLines(run.resolve("metrics.csv")).get(0).contains("train/probe,"));
        assertEquals(2, probe.calls, "one call per batch");
    }

    @Test
    void badInputIsOneErrorLineWithExitTwo() {
        Path project = dir.resolve("bad");
        String missing = dir.resolve("nope.yaml").toString();
        assertError("error: " + missing + ": data yaml not found", "train", "--cfg", "yolov5n", "--data", missing,
                "--project", project.toString());
        assertError("error: ", "train", "--cfg", "yolov9000", "--data", data.toString(), "--project",
                project.toString());
        assertError("error: argument 'device': unknown device 'tpu' (cpu, gpu, gpu0, gpu1, ...)", "train", "--cfg",
                "yolov5n", "--data", data.toString(), "--device", "tpu", "--project", project.toString());
        assertFalse(Files.exists(project), "no run directory for a run that never started");
        assertError("error: train: give --cfg FILE|NAME, --weights RUN or --resume", "train", "--data", data.toString());
        assertError("error: --time must be a number of hours, 0 (none) or more, got -1.0", "train", "--cfg", "yolov5n",
                "--data", data.toString(), "--time", "-1", "--project", project.toString());
        assertError("error: --resume continues a run with the arguments in its args.yaml; drop --time", "train",
                "--resume", "--time", "0.5");
        assertError("error: --resume continues a run with the arguments in its args.yaml; drop --epochs", "train",
                "--resume", "--epochs", "3");
        assertError("error: " + project.resolve("exp") + ": nothing to resume (no weights/last.ckpt)", "train",
                "--resume", "--project", project.toString());
        assertError("error: argument 'device': unknown device 'tpu' (cpu, gpu, gpu0, gpu1, ...)", "val", "--weights",
                reference().toString(), "--device", "tpu");
        assertError("error: " + project + ": no model.yaml (not a model or run directory)", "val", "--weights",
                project.toString(), "--data", data.toString());
    }

    private static void assertError(String prefix, String... args) {
        CliRun r = slim(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith(prefix), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
