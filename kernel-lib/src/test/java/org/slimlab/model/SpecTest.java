package org.slimlab.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading, scaling rules, naming, writing and resolving specs. */
class SpecTest {

    @Test
    void readsRowsArgsAndLines() throws Exception {
        ModelSpec s = ModelSpec.load("yolov7-tiny");
        assertEquals("yolov7-tiny", s.name());
        assertEquals(80, s.nc());
        assertEquals(78, s.rows().size());
        assertEquals(29, s.backboneSize());
        LayerRow conv = s.row(0);
        assertEquals(Arrays.asList(32, 3, 2, null, 1, "nn.LeakyReLU(0.1)"), conv.args());
        assertEquals(Arrays.asList(null, 2, "nearest"), s.row(39).args());
        assertEquals(List.of(-1, -2, -3, -4), s.row(6).from());
        assertTrue(s.row(6).fromList());
        assertEquals(List.of("nc", "anchors"), s.row(77).args());
        List<String> lines = Arrays.asList(Configs.text("yolov7-tiny").split("\n"));
        assertTrue(lines.get(s.row(40).line() - 1).contains("[21, 1, Conv, [128, 1, 1"), "line of row 40");
        assertEquals(List.of(List.of(9, 6, 13, 16, 29, 11), List.of(29, 28, 66, 26, 51, 62), List.of(115, 54, 134, 119, 308, 147)),
                s.anchors());
        assertEquals(Boolean.FALSE, ModelSpec.load("yolov5s").row(13).args().get(1));
    }

    @Test
    void scaleComesFromTheNameTheFlagOrTheFirstKey(@TempDir Path dir) throws Exception {
        ModelSpec n = ModelSpec.load("yolov8n");
        assertEquals("yolov8n", n.name());
        assertEquals("n", n.scale());
        assertEquals(0.25, n.widthMultiple());
        assertEquals(1024, n.maxChannels());
        ModelSpec s = ModelSpec.load("yolov8.yaml", "s");
        assertEquals("yolov8s", s.name());
        assertEquals(0.5, s.widthMultiple());
        assertEquals("yolov8m-csppc", ModelSpec.load("yolov8m-csppc").name());
        Path file = dir.resolve("yolov8.yaml");
        Files.writeString(file, Configs.text("yolov8"));
        assertEquals("n", ModelSpec.load(file.toString()).scale());
        ModelSpec viaSibling = ModelSpec.load(dir.resolve("yolov8l.yaml").toString());
        assertEquals("yolov8l", viaSibling.name());
        assertEquals(512, viaSibling.maxChannels());
    }

    @Test
    void depthRoundsHalfToEvenAndWidthRoundsUpToEight() {
        String yaml = """
                nc: 2
                depth_multiple: 0.5
                width_multiple: 0.3
                backbone:
                  - [-1, 5, Conv, [64, 3, 2]]
                  - [-1, 7, C3, [100]]
                  - [-1, 3, C3, [64]]
                  - [-1, 1, Conv, [14, 1, 1]]
                head:
                  - [[2, 3], 1, Detect, [nc]]
                """;
        ModelPlan p = ModelPlan.of(ModelSpec.parse(yaml, "t.yaml", null));
        assertEquals(2, p.layer(0).repeats(), "round(2.5) = 2");
        assertEquals(4, p.layer(1).repeats(), "round(3.5) = 4");
        assertEquals(2, p.layer(2).repeats(), "round(1.5) = 2");
        assertEquals(24, p.layer(0).outChannels(), "ceil(64*0.3/8)*8");
        assertEquals(32, p.layer(1).outChannels(), "ceil(30/8)*8");
        assertEquals(8, p.layer(3).outChannels());
        assertEquals(List.of(24, 32, 4), p.layer(1).printedArgs());
    }

    @Test
    void maxChannelsCapsBeforeScaling() {
        ModelPlan m = ModelPlan.of(ModelSpec.load("yolov8m"));
        assertEquals(576, m.layer(7).outChannels(), "min(1024, 768) * 0.75");
        assertEquals(2, m.layer(2).repeats());
        assertEquals(4, m.layer(4).repeats());
    }

    @Test
    void everyShippedConfigRoundTripsThroughYaml() {
        for (String name : BuilderTest.shippedModels()) {
            ModelSpec s = ModelSpec.load(name);
            ModelSpec again = ModelSpec.parse(s.toYaml(), name + ".yaml", null);
            assertTrue(s.sameModel(again), name);
            assertEquals(s.header(), again.header(), name);
        }
    }

    @Test
    void resolvedFormWritesEveryWidthAndBuildsTheSameModel(@TempDir Path dir) {
        for (String name : List.of("yolov5s", "yolov8n", "yolov5n-fasternet", "yolov8n-csppc-adown", "yolov5n-shufflenetv2")) {
            ModelSpec s = ModelSpec.load(name);
            ModelSpec r = s.resolved();
            assertEquals(1.0, r.depthMultiple());
            assertEquals(1.0, r.widthMultiple());
            assertEquals(1, r.channelDivisor());
            assertNull(r.scales());
            Path file = dir.resolve(name + ".yaml");
            r.write(file);
            ModelSpec back = ModelSpec.load(file.toString());
            assertTrue(r.sameModel(back), name);
            assertTrue(back.sameModel(back.resolved()), name + " resolves to itself");
            ModelSummary a = ModelSummary.of(s);
            ModelSummary b = ModelSummary.of(back);
            assertEquals(a.parameters(), b.parameters(), name);
            assertEquals(a.layers(), b.layers(), name);
            assertEquals(a.macs(), b.macs(), name);
        }
        LayerRow c3 = ModelSpec.load("yolov5s").resolved().row(4);
        assertEquals(2, c3.number());
        assertEquals(List.of(128), c3.args());
        assertEquals(Map.of("cv1", 64, "cv2", 64, "m.0.cv1", 64, "m.1.cv1", 64), c3.widths());
        assertTrue(ModelSpec.load("yolov5s").resolved().toYaml().contains("[-1, 2, C3, [128], {cv1: 64, cv2: 64, m.0.cv1: 64, m.1.cv1: 64}]"));
    }

    @Test
    void explicitInnerWidthsDescribeAPrunedModel() {
        ModelSpec r = ModelSpec.load("yolov5n").resolved();
        LayerRow c3 = r.row(2);
        assertEquals(Map.of("cv1", 16, "cv2", 16, "m.0.cv1", 16), c3.widths());
        ModelSpec pruned = r.withRow(2, c3.withWidths(Map.of("cv1", 16, "cv2", 8, "m.0.cv1", 5)))
                .withRow(1, r.row(1).withArgs(List.of(29, 3, 2)));
        long before = ModelSummary.of(r).parameters();
        long after = ModelSummary.of(pruned).parameters();
        // row 1: 32 -> 29 outputs; row 2: cv1, cv2 read 29; cv2 16 -> 8; m.0.cv1 16 -> 5; cv3 reads 16 + 8
        long row1 = (16 * 29 * 9 + 58) - (16 * 32 * 9 + 64);
        long cv1 = (29 * 16 + 32) - (32 * 16 + 32);
        long cv2 = (29 * 8 + 16) - (32 * 16 + 32);
        long m0 = (16 * 5 + 10 + 5 * 16 * 9 + 32) - (16 * 16 + 32 + 16 * 16 * 9 + 32);
        long cv3 = (24 * 32 + 64) - (32 * 32 + 64);
        assertEquals(before + row1 + cv1 + cv2 + m0 + cv3, after);
        assertTrue(pruned.toYaml().contains("[-1, 1, Conv, [29, 3, 2]]"));
        assertEquals(List.of(29, 3, 2), ModelSpec.parse(pruned.toYaml(), "p.yaml", null).row(1).args());
    }

    @Test
    void writerSpellsValuesAsUltralyticsFiles() {
        assertEquals("[-1, 1, nn.Upsample, [None, 2, 'nearest']]", SpecWriter.row(ModelSpec.load("yolov5s").row(11)));
        assertEquals("[[-1, 6], 1, Concat, [1]]", SpecWriter.row(ModelSpec.load("yolov5s").row(12)));
        assertEquals("[-1, 3, C3, [1024, False]]", SpecWriter.row(ModelSpec.load("yolov5s").row(23)));
        assertEquals("[-1, 1, Conv, [32, 3, 2, None, 1, nn.LeakyReLU(0.1)]]", SpecWriter.row(ModelSpec.load("yolov7-tiny").row(0)));
    }
}
