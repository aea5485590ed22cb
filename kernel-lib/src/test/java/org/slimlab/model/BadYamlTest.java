package org.slimlab.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every problem in a yaml file is one line that names the file, the line and the row. */
class BadYamlTest {
    private static final String TOP = "nc: 2\ndepth_multiple: 1.0\nwidth_multiple: 1.0\nbackbone:\n";

    @TempDir
    Path dir;

    /** Writes {@code bad.yaml} with two backbone rows (lines 5 and 6) and a one-level head (line 8). */
    private String failure(String row0, String row1, String head) throws IOException {
        return failureOf(TOP + "  - " + row0 + "\n  - " + row1 + "\nhead:\n  - " + head + "\n");
    }

    private String failureOf(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        SlimException e = assertThrows(SlimException.class, () -> YoloModel.build(ModelSpec.load(file.toString())));
        assertEquals(1, e.getMessage().lines().count(), "one line");
        return e.getMessage().replace(file.toString(), "bad.yaml");
    }

    private String failure(String row1) throws IOException {
        return failure("[-1, 1, Conv, [16, 3, 2]]", row1, "[[-1], 1, Detect, [nc]]");
    }

    @Test
    void theGoodVersionBuilds() throws IOException {
        Path file = dir.resolve("good.yaml");
        Files.writeString(file, TOP + "  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv, [32, 3, 2]]\nhead:\n  - [[-1], 1, Detect, [nc]]\n");
        YoloModel m = YoloModel.build(ModelSpec.load(file.toString()));
        assertEquals(4f, m.head().strides()[0]);
    }

    @Test
    void unknownModule() throws IOException {
        String msg = failure("[-1, 1, Conv9, [32, 3, 2]]");
        assertTrue(msg.startsWith("bad.yaml:6: row 1 (Conv9): unknown module 'Conv9' (known: "), msg);
        assertTrue(msg.contains("C2f") && msg.contains("nn.Upsample"), msg);
    }

    @Test
    void wrongArity() throws IOException {
        String msg = failure("[-1, 1, Conv, [32, 3, 2, None, 1, 1, True, 5]]");
        assertEquals("bad.yaml:6: row 1 (Conv): wrong number of args: Conv takes 1 to 7 [c2, k, s, p, g, (d,) act], got 8", msg);
        assertEquals("bad.yaml:6: row 1 (C3): wrong number of args: C3 takes 1 to 4 [c2, shortcut, g, e], got 0",
                failure("[-1, 1, C3, []]"));
        assertEquals("bad.yaml:6: row 1 (Conv): Conv arg 1 must be an integer, got 'three'", failure("[-1, 1, Conv, [32, three]]"));
    }

    @Test
    void fromOutOfRange() throws IOException {
        assertEquals("bad.yaml:6: row 1 (Conv): from 3 is out of range (row 1 may read rows 0..0)",
                failure("[3, 1, Conv, [32, 3, 2]]"));
        assertEquals("bad.yaml:6: row 1 (Conv): from -2 is out of range (row 1 may read rows 0..0)",
                failure("[-2, 1, Conv, [32, 3, 2]]"));
        assertEquals("bad.yaml:5: row 0 (Conv): from 0 is out of range (row 0 may read rows 0..-1, or -1 for the image)",
                failure("[0, 1, Conv, [16, 3, 2]]", "[-1, 1, Conv, [32, 3, 2]]", "[[-1], 1, Detect, [nc]]"));
    }

    @Test
    void channelMismatch() throws IOException {
        assertEquals("bad.yaml:6: row 1 (Conv): channel mismatch: groups 3 must divide input 16 and output 64",
                failure("[-1, 1, Conv, [64, 3, 1, None, 3]]"));
        assertEquals("bad.yaml:6: row 1 (GhostBottleneck): channel mismatch: a stride-1 GhostBottleneck adds its input, "
                + "so input 16 must equal output 48", failure("[-1, 1, GhostBottleneck, [48, 3, 1]]"));
        assertEquals("bad.yaml:6: row 1 (ADown): channel mismatch: ADown outputs cv1 + cv2 = 40 channels but the row says 32",
                failure("[-1, 1, ADown, [32], {cv1: 24}]"));
        assertEquals("bad.yaml:8: row 2 (Concat): shape mismatch: cannot concatenate (1, 32, 64, 64) and (1, 16, 128, 128)",
                failureOf(TOP + "  - [-1, 1, Conv, [16, 3, 2]]\n  - [-1, 1, Conv, [32, 3, 2]]\nhead:\n"
                        + "  - [[-1, 0], 1, Concat, [1]]\n  - [[-1], 1, Detect, [nc]]\n"));
    }

    @Test
    void unknownInnerWidth() throws IOException {
        assertEquals("bad.yaml:6: row 1 (C3): unknown inner width [cv9] (C3 has cv1, cv2, m.0.cv1)",
                failure("[-1, 1, C3, [32], {cv9: 8}]"));
    }

    @Test
    void headMustComeLast() throws IOException {
        assertEquals("bad.yaml:8: row 2 (Conv): the last row must be a detection head (Detect or IDetect)",
                failure("[-1, 1, Conv, [16, 3, 2]]", "[-1, 1, Conv, [32, 3, 2]]", "[-1, 1, Conv, [8, 1, 1]]"));
    }

    @Test
    void malformedYaml() throws IOException {
        String msg = failure("[-1, 1, Conv, [32, 3, 2]", "[-1, 1, Conv, [32, 3, 2]]", "[[-1], 1, Detect, [nc]]");
        assertTrue(msg.matches("bad\\.yaml:[67]: malformed yaml: .+"), msg);
        assertEquals("bad.yaml:6: row 1: a row is [from, number, module, args] (optionally {inner widths})",
                failure("[-1, 1, Conv]"));
        assertEquals("bad.yaml:6: row 1: number must be a positive integer, got 0", failure("[-1, 0, Conv, [32]]"));
    }

    @Test
    void missingKeysAndBadNames() throws IOException {
        Path file = dir.resolve("nohead.yaml");
        Files.writeString(file, TOP + "  - [-1, 1, Conv, [16, 3, 2]]\n");
        SlimException e = assertThrows(SlimException.class, () -> ModelSpec.load(file.toString()));
        assertTrue(e.getMessage().endsWith("nohead.yaml:1: missing key 'head'"), e.getMessage());
        e = assertThrows(SlimException.class, () -> ModelSpec.load("yolov9z"));
        assertTrue(e.getMessage().startsWith("no such model config 'yolov9z'"), e.getMessage());
        e = assertThrows(SlimException.class, () -> ModelSpec.load("yolov8", "q"));
        assertTrue(e.getMessage().startsWith("yolov8.yaml:") && e.getMessage().contains("no scale 'q' (scales: n, s, m, l, x)"),
                e.getMessage());
    }
}
