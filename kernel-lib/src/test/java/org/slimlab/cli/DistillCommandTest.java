package org.slimlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import org.slimlab.slim.PrunedRun;

/** {@code slim train --teacher} on a tiny generated FashionDet at 64 px, one epoch. */
class DistillCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all.toArray(new String[0]);
    }

    @Test
    void distilsLogsEveryTermRecordsItsArgumentsAndRefusesAForeignTeacher(@TempDir Path dir) throws Exception {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        Path src = TestData.tinyFashionMnist(dir.resolve("mnist"), 40, 20);
        CliRun data = run("data", "fashion-det", "--out", dir.resolve("fd").toString(), "--train", "8", "--val", "4",
                "--img", "64", "--seed", "1", "--source", src.toString());
        assertEquals(0, data.code(), data.err());
        String yaml = dir.resolve("fd/data.yaml").toString();
        List<String> train = List.of("train", "--cfg", "yolov5n", "--data", yaml, "--epochs", "1", "--img", "64",
                "--batch", "4", "--workers", "0", "--seed", "3", "--project", dir.toString(), "--no-augment");
        CliRun teacher = run(concat(train, "--name", "teacher"));
        assertEquals(0, teacher.code(), teacher.err());
        Path teacherRun = dir.resolve("teacher");

        CliRun kd = run(concat(train, "--name", "kd", "--teacher", teacherRun.toString(), "--kd-out", "0.5", "--kd-feat",
                "2", "--kd-feat-type", "mimic", "--kd-t", "3", "--kd-parts", "box=0,cls=2", "--json"));
        assertEquals(0, kd.code(), kd.err());
        List<String> csv = Files.readAllLines(dir.resolve("kd/metrics.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        assertTrue(header.contains("train/kd_out") && header.contains("train/kd_feat"), header.toString());
        String[] row = csv.get(1).split(",");
        assertTrue(Double.parseDouble(row[header.indexOf("train/kd_out")]) > 0, csv.toString());
        assertTrue(Double.parseDouble(row[header.indexOf("train/kd_feat")]) > 0, csv.toString());
        Map<String, Object> args = PrunedRun.readArgs(dir.resolve("kd"));
        assertEquals(teacherRun.toAbsolutePath().normalize().toString(), args.get("teacher"));
        assertEquals(0.5, args.get("kd_out"));
        assertEquals(2.0, args.get("kd_feat"));
        assertEquals("mimic", args.get("kd_feat_type"));
        assertEquals(3.0, args.get("kd_t"));
        assertEquals(0, args.get("kd_off_last"));
        assertEquals(List.of(1.0, 0.0, 2.0), List.of(args.get("kd_obj"), args.get("kd_box"), args.get("kd_cls")));

        CliRun badParts = run(concat(train, "--name", "bad-parts", "--teacher", teacherRun.toString(), "--kd-parts",
                "box=0,size=1"));
        assertEquals(2, badParts.code(), badParts.out());
        assertEquals("error: argument 'kd_parts': 'size=1' is not obj=W, box=W or cls=W", badParts.err().strip());

        Path other = dir.resolve("fd/other.yaml");
        Files.writeString(other, Files.readString(Path.of(yaml)).replaceFirst("(?m)^nc: 10$", "nc: 11")
                .replace("names: [", "names: ['extra', "));
        CliRun foreign = run(concat(List.of("train", "--cfg", "yolov5n", "--data", other.toString(), "--epochs", "1",
                "--img", "64", "--batch", "4", "--workers", "0", "--project", dir.toString(), "--name", "foreign",
                "--teacher", teacherRun.toString())));
        assertEquals(2, foreign.code(), foreign.out());
        assertEquals("error: teacher " + teacherRun.toAbsolutePath().normalize() + " detects 10 classes but the data "
                + other.toAbsolutePath().normalize() + " has 11", foreign.err().strip());

        CliRun orphan = run(concat(train, "--name", "orphan", "--kd-feat", "1"));
        assertEquals(2, orphan.code());
        assertEquals("error: train: the --kd-* options need --teacher RUN", orphan.err().strip());
    }
}
