package org.slimlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slim summary} and {@code slim edit} as a user runs them. */
class ModelCommandsTest {


    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    @Test
    void summaryPrintsTheTableTheLineAndJson() {
        CliRun r = slim("summary", "--cfg", "yolov5s", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"layers\":214,\"parameters\":7235389,\"gflops\":16.6253}", r.last());
        assertEquals("yolov5s summary: 214 layers, 7235389 parameters, 16.6 GFLOPs", r.lines().get(r.lines().size() - 2));
        assertTrue(r.lines().get(1).contains("Conv") && r.lines().get(1).contains("[3, 32, 6, 2, 2]"), r.lines().get(1));
        assertEquals(1 + 25 + 2, r.lines().size());
    }

    @Test
    void summaryTakesScaleClassesAndImageSize() {
        CliRun r = slim("summary", "--cfg", "yolov8.yaml", "--scale", "s", "--nc", "1", "--img", "320", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.last().startsWith("{\"layers\":225,\"parameters\":11135987,\"gflops\":7.16"), r.last());
        assertTrue(r.out().contains("yolov8s summary: 225 layers, 11135987 parameters, 7.2 GFLOPs"), r.out());
    }

    @Test
    void summaryReadsARunDirectory(@TempDir Path dir) {
        Path run = dir.resolve("exp1");
        ModelSpec.load("yolov5n").resolved().write(run.resolve("model.yaml"));
        CliRun r = slim("summary", "--weights", run.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"layers\":214,\"parameters\":1872157,\"gflops\":4.564}", r.last());
        assertTrue(r.out().contains("exp1 summary: 214 layers"), r.out());
    }

    @Test
    void badInputIsOneErrorLineWithExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "nc: 2\nbackbone:\n  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv9, [32]]\nhead:\n  - [[-1], 1, Detect, [nc]]\n");
        CliRun r = slim("summary", "--cfg", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: " + bad + ":4: row 1 (Conv9): unknown module 'Conv9'"), r.err());
        assertEquals(1, r.err().lines().count());
        assertEquals(2, slim("summary", "--weights", dir.toString()).code());
        assertEquals(2, slim("summary", "--cfg", "yolov8n", "--img", "100").code());
    }

    @Test
    void editRemovesRowsAndWritesYaml(@TempDir Path dir) {
        Path out = dir.resolve("tiny-cut.yaml");
        CliRun r = slim("edit", "--cfg", "yolov7-tiny", "--remove", "5", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"rows\":77,\"parameters\":6217434}", r.last());
        assertTrue(r.out().contains("tiny-cut summary: 259 layers, 6217434 parameters, 13.3 GFLOPs"), r.out());
        ModelSpec written = ModelSpec.load(out.toString());
        assertEquals(List.of(-1, -2, -3), written.row(5).from());
        CliRun again = slim("summary", "--cfg", out.toString(), "--json");
        assertEquals("{\"layers\":259,\"parameters\":6217434,\"gflops\":13.2772}", again.last());
    }

    @Test
    void editRescales(@TempDir Path dir) {
        Path out = dir.resolve("v5.yaml");
        CliRun r = slim("edit", "--cfg", "yolov5s", "--width", "0.25", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"rows\":25,\"parameters\":1872157}", r.last());
        assertEquals(0.33, ModelSpec.load(out.toString()).depthMultiple());
        assertEquals(2, slim("edit", "--cfg", "yolov5s", "--out", out.toString()).code());
        assertEquals(2, slim("edit", "--cfg", "yolov5s", "--remove", "1", "--out", out.toString()).code());
    }

    @Test
    void rowListsAcceptSinglesListsAndRanges() {
        assertArrayEquals(new int[] {5}, EditCommand.rows("5"));
        assertArrayEquals(new int[] {5, 7}, EditCommand.rows("7,5"));
        assertArrayEquals(new int[] {2, 5, 6, 7}, EditCommand.rows("5-7, 2"));
        SlimException e = assertThrows(SlimException.class, () -> EditCommand.rows("5x"));
        assertEquals("--remove: cannot read '5x' (use 5, 5,7 or 5-7)", e.getMessage());
        assertThrows(SlimException.class, () -> EditCommand.rows("7-5"));
    }
}
