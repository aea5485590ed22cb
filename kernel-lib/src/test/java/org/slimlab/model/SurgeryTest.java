package org.slimlab.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Row deletion and insertion with re-indexing, repeat removal, rescaling. */
class SurgeryTest {
    private static final String LEAKY = "nn.LeakyReLU(0.1)";

    @Test
    void deletingAnElanConvReindexesEverything() {
        ModelSpec tiny = ModelSpec.load("yolov7-tiny");
        ModelSpec cut = tiny.remove(5);
        assertEquals(77, cut.rows().size());
        assertEquals(28, cut.backboneSize());
        assertEquals(List.of(-1, -2, -3), cut.row(5).from(), "the ELAN concat loses one input");
        assertEquals(List.of(20), cut.row(39).from(), "route to backbone P4: 21 -> 20");
        assertEquals(List.of(13), cut.row(49).from(), "route to backbone P3: 14 -> 13");
        assertEquals(List.of(-1, -7), cut.row(35).from(), "relative refs that do not span row 5 stay");
        assertEquals(List.of(-1, 46), cut.row(58).from());
        assertEquals(List.of(-1, 36), cut.row(66).from());
        assertEquals(List.of(56), cut.row(73).from());
        assertEquals(List.of(73, 74, 75), cut.row(76).from());
        ModelSummary s = ModelSummary.of(cut);
        assertEquals(259, s.layers());
        assertEquals(6_217_434, s.parameters());
        assertEquals(13.2772, s.gflops(), 5e-5);
        assertEquals(6_228_762 - 9_280 - 2_048, s.parameters());
    }

    @Test
    void deletingTheOnlyInputOfARowIsRefused() {
        SlimException e = assertThrows(SlimException.class, () -> ModelSpec.load("yolov5s").remove(1));
        assertTrue(e.getMessage().matches("yolov5s\\.yaml:\\d+: row 2 \\(C3\\): needs row 1 as its only input; .*"), e.getMessage());
        e = assertThrows(SlimException.class, () -> ModelSpec.load("yolov5s").remove(24));
        assertTrue(e.getMessage().contains("the detection head cannot be removed"), e.getMessage());
        e = assertThrows(SlimException.class, () -> ModelSpec.load("yolov5s").remove(17));
        assertTrue(e.getMessage().contains("row 18 (Conv): needs row 17 as its only input"), e.getMessage());
        e = assertThrows(SlimException.class, () -> ModelSpec.load("yolov5s").remove(18, 19, 20, 21, 22, 23));
        assertTrue(e.getMessage().contains("row 24 (Detect): needs row 20 (only a Concat can drop an input)"), e.getMessage());
    }

    @Test
    void deletingARangeOfRows() {
        ModelSpec cut = ModelSpec.load("yolov7-tiny").remove(4, 5);
        assertEquals(List.of(-1, -2), cut.row(4).from(), "rows 3 and 2 stay in the concat");
        assertEquals(6_228_762 - 2 * 9_280 - 2 * 2_048, ModelSummary.of(cut).parameters());
    }

    @Test
    void insertingARowShiftsReferencesAndRoundTrips() {
        ModelSpec tiny = ModelSpec.load("yolov7-tiny");
        ModelSpec cut = tiny.remove(5);
        LayerRow conv = LayerRow.of(-1, 1, "Conv", 32, 3, 1, null, 1, LEAKY);
        ModelSpec back = cut.insert(5, conv);
        assertEquals(78, back.rows().size());
        assertEquals(29, back.backboneSize());
        assertEquals(List.of(-2, -3, -4), back.row(6).from(), "existing inputs are kept");
        assertEquals(List.of(21), back.row(40).from());
        assertEquals(List.of(74, 75, 76), back.row(77).from());
        ModelSpec restored = back.withFrom(6, List.of(-1, -2, -3, -4));
        assertTrue(restored.sameModel(tiny));
        assertEquals(6_228_762, ModelSummary.of(restored).parameters());
    }

    @Test
    void insertingAStemFeedsTheOldFirstRow() {
        ModelSpec s = ModelSpec.load("yolov5n").insert(0, LayerRow.of(-1, 1, "Conv", 8, 3, 1));
        assertEquals(26, s.rows().size());
        assertEquals(List.of(-1), s.row(1).from());
        assertEquals(List.of(-1, 7), s.row(13).from());
        assertEquals(List.of(18, 21, 24), s.row(25).from());
        long extra = ModelSummary.of(s).parameters() - 1_872_157;
        assertEquals((3 * 8 * 9 + 16) + (8 - 3) * 16 * 36, extra);
    }

    @Test
    void removingABottleneckFromAC3() {
        ModelSpec s = ModelSpec.load("yolov5s");
        ModelSpec fewer = s.removeRepeat(4, 1);
        assertEquals(1, fewer.row(4).number());
        assertEquals(Map.of("cv1", 64, "cv2", 64, "m.0.cv1", 64), fewer.row(4).widths());
        long bottleneck = (64 * 64 + 128) + (64 * 64 * 9 + 128);
        assertEquals(7_235_389 - bottleneck, ModelSummary.of(fewer).parameters());
        assertEquals(214 - 7, ModelSummary.of(fewer).layers());

        ModelSpec r = s.resolved();
        ModelSpec custom = r.withRow(6, r.row(6).withWidths(Map.of("cv1", 128, "cv2", 128, "m.0.cv1", 40, "m.1.cv1", 24,
                "m.2.cv1", 8)));
        ModelSpec dropped = custom.removeRepeat(6, 0);
        assertEquals(Map.of("cv1", 128, "cv2", 128, "m.0.cv1", 24, "m.1.cv1", 8), dropped.row(6).widths());
        assertEquals(2, dropped.row(6).number());
        SlimException e = assertThrows(SlimException.class, () -> s.removeRepeat(2, 0));
        assertTrue(e.getMessage().contains("row 2 (C3): has a single block"), e.getMessage());
    }

    @Test
    void scalingIsWrittenBackToYaml(@TempDir Path dir) {
        ModelSpec small = ModelSpec.load("yolov5s").scale(0.33, 0.25);
        assertEquals(1_872_157, ModelSummary.of(small).parameters());
        Path file = dir.resolve("v5-quarter.yaml");
        small.write(file);
        ModelSpec back = ModelSpec.load(file.toString());
        assertEquals(0.25, back.widthMultiple());
        assertEquals("v5-quarter", back.name());
        assertTrue(back.sameModel(small));
        ModelSpec v8 = ModelSpec.load("yolov8n").scale(0.5, 0.5);
        assertEquals(1024, v8.maxChannels());
        assertFalse(v8.toYaml().contains("scales:"));
        assertTrue(v8.toYaml().contains("max_channels: 1024"));
        assertTrue(ModelSpec.parse(v8.toYaml(), "v8.yaml", null).sameModel(v8));
    }

    @Test
    void editedYamlRebuildsTheSameModel(@TempDir Path dir) {
        ModelSpec cut = ModelSpec.load("yolov7-tiny").remove(11, 12);
        assertEquals(List.of(-1, -2), cut.row(11).from());
        Path file = dir.resolve("tiny-cut.yaml");
        cut.write(file);
        ModelSpec back = ModelSpec.load(file.toString());
        assertTrue(back.sameModel(cut));
        assertEquals(ModelSummary.of(cut).parameters(), ModelSummary.of(back).parameters());
        assertEquals(6_228_762 - 2 * 36_992 - 128 * 128, ModelSummary.of(back).parameters());
    }
}
