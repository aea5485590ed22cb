package org.slimlab.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published Ultralytics/YOLOv7 summaries, reproduced from the yaml files. */
class SummaryTest {

    @ParameterizedTest(name = "{0} nc={1}")
    @CsvSource({
        "yolov5s,       80, 214,  7235389, 16.6253",
        "yolov5s,        1, 214,  7022326, 15.9457",
        "yolov5n,       80, 214,  1872157,  4.5640",
        "yolov5n,        1, 214,  1765270,  4.2242",
        "yolov5s-ghost, 80, 389,  3897605,  8.8842",
        "yolov5s-ghost,  1, 389,  3684542,  8.2047",
        "yolov7-tiny,   80, 263,  6228762, 13.8605",
        "yolov7-tiny,    1, 263,  6014988, 13.1809",
        "yolov8n,       80, 225,  3157200,  8.8575",
        "yolov8n,        1, 225,  3011043,  8.1942",
        "yolov8s,       80, 225, 11166560, 28.8168",
        "yolov8s,        1, 225, 11135987, 28.6470",
    })
    void reproducesThePublishedSummary(String cfg, int nc, int layers, long params, double gflops) {
        ModelSummary s = ModelSummary.of(ModelSpec.load(cfg).withNc(nc));
        assertEquals(layers, s.layers(), "layers");
        assertEquals(params, s.parameters(), "parameters");
        assertEquals(gflops, s.gflops(), 5e-5, "GFLOPs");
    }

    @Test
    void yolov5sLineAndIntegerCounts() {
        ModelSummary s = ModelSummary.of(ModelSpec.load("yolov5s"));
        assertEquals("yolov5s summary: 214 layers, 7235389 parameters, 16.6 GFLOPs", s.line());
        assertEquals(8_216_780_800L, s.convMacs());
        assertEquals(23_654_400L, s.normElements());
        assertEquals(1_228_800L, s.upsampleElements());
        assertArrayEquals(new long[] {3520, 18560, 18816, 73984, 115712, 295424, 625152, 1180672, 1182720, 656896, 131584, 0,
            0, 361984, 33024, 0, 0, 90880, 147712, 0, 296448, 590336, 0, 1182720, 229245}, rowParams(s));
        assertTrue(s.text().endsWith(s.line() + "\n"));
    }

    @Test
    void perRowParametersMatchParseModel() {
        assertArrayEquals(new long[] {464, 4672, 7360, 18560, 49664, 73984, 197632, 295424, 460288, 164608, 0, 0, 148224, 0, 0,
            37248, 36992, 0, 123648, 147712, 0, 493056, 897664}, rowParams(ModelSummary.of(ModelSpec.load("yolov8n"))));
        assertArrayEquals(new long[] {3520, 10144, 9656, 38720, 40160, 151168, 165024, 597248, 564672, 656896, 69248, 0, 0,
            208608, 18240, 0, 0, 53104, 75584, 0, 143072, 298624, 0, 564672, 229245},
                rowParams(ModelSummary.of(ModelSpec.load("yolov5s-ghost"))));
        long[] tiny = rowParams(ModelSummary.of(ModelSpec.load("yolov7-tiny")));
        assertEquals(78, tiny.length);
        assertArrayEquals(new long[] {928, 18560, 2112, 2112, 9280, 9280, 0, 8320, 0, 4224}, Arrays.copyOf(tiny, 10));
        assertArrayEquals(new long[] {73984, 295424, 1180672, 230906}, Arrays.copyOfRange(tiny, 74, 78));
    }

    @Test
    void convolutionMacsMatchTheReferenceCounts() {
        assertEquals(2_234_060_800L, ModelSummary.of(ModelSpec.load("yolov5n")).convMacs());
        assertEquals(4_352_819_200L, ModelSummary.of(ModelSpec.load("yolov5s-ghost")).convMacs());
        ModelSummary tiny = ModelSummary.of(ModelSpec.load("yolov7-tiny"));
        assertEquals(6_850_355_200L, tiny.convMacs());
        assertEquals(19_814_400L, tiny.normElements());
        ModelSummary v8n = ModelSummary.of(ModelSpec.load("yolov8n"));
        assertEquals(4_371_993_600L, v8n.convMacs());
        assertEquals(13_888_000L, v8n.normElements());
        assertEquals(14_301_312_000L, ModelSummary.of(ModelSpec.load("yolov8s")).convMacs());
    }

    @Test
    void imageSizeScalesTheCount() {
        ModelSummary s416 = ModelSummary.of(ModelSpec.load("yolov5s"), 416);
        ModelSummary s640 = ModelSummary.of(ModelSpec.load("yolov5s"), 640);
        assertEquals(s640.macs() * (416.0 * 416) / (640 * 640), s416.macs(), 1.0);
        assertEquals(s640.parameters(), s416.parameters());
        assertTrue(s416.rows().get(24).output().startsWith("[1, 3, 52, 52, 85]"), s416.rows().get(24).output());
    }

    @Test
    void tableHasOneLinePerRow() {
        ModelSummary s = ModelSummary.of(ModelSpec.load("yolov5n"));
        Table t = s.table();
        assertEquals(25, t.rowCount());
        assertEquals(s.parameters(), (long) t.longColumn("params").sum());
        assertEquals("C3", t.stringColumn("module").get(2));
        assertEquals("[-1, 6]", t.stringColumn("from").get(12));
        assertEquals(s.macs(), (long) t.longColumn("macs").sum());
    }

    private static long[] rowParams(ModelSummary s) {
        return s.rows().stream().mapToLong(ModelSummary.Row::params).toArray();
    }
}
