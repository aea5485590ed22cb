package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;

class CocoResultsTest {

    @Test
    void letterboxMapFromShapesMatchesTheResizeAndCentredPadding() {
        // 200x100 into 320x320: gain min(320/100, 320/200) = 1.6, resized 320x160, 80 px padding top and bottom
        LetterboxMap m = LetterboxMap.fromShapes(320, 320, 200, 100);
        assertEquals(1.6, m.ratio(), 1e-12);
        assertEquals(0.0, m.padWidth());
        assertEquals(80.0, m.padHeight());
        assertEquals(20f, m.x(32), 1e-5);
        assertEquals(10f, m.y(96), 1e-5);
        assertEquals(200f, m.x(400), "clipped to the original width");
        assertEquals(0f, m.y(10), "clipped at the top");
    }

    @Test
    void roundTripMapsBoxesBackToOriginalPixels(@TempDir Path dir) {
        LetterboxMap map = LetterboxMap.fromShapes(320, 320, 200, 100);
        Detections letterboxed = Detections.of(new float[][] {
            {32, 96, 160, 176, 0.912345678f, 2},
            {300, 70, 330, 100, 0.5f, 0}
        });
        CocoResults coco = new CocoResults();
        coco.add("img_001", letterboxed, map);
        Path file = coco.write(dir.resolve("sub/predictions.json"));
        List<CocoDetection> back = CocoResults.read(file);
        assertEquals(2, back.size());
        CocoDetection a = back.get(0);
        assertEquals("img_001", a.imageId());
        assertEquals(2, a.categoryId());
        assertArrayEquals(new double[] {20, 10, 80, 50}, a.bbox(), 1e-9);
        assertEquals(0.91235, a.score(), 1e-12);
        // (300, 70, 330, 100) -> x 187.5 .. 206.25 clipped to 200, y -6.25 clipped to 0 .. 12.5
        assertArrayEquals(new double[] {187.5, 0, 12.5, 12.5}, back.get(1).bbox(), 1e-9);
        assertEquals(coco.detections(), back);
    }

    @Test
    void jsonUsesTheCocoKeys() {
        CocoResults coco = new CocoResults();
        coco.add("a", Detections.of(new float[][] {{1, 2, 4, 8, 0.5f, 1}}));
        assertEquals("[{\"image_id\":\"a\",\"category_id\":1,\"bbox\":[1.0,2.0,3.0,6.0],\"score\":0.5}]", coco.toJson());
    }

    @Test
    void malformedFilesNameTheEntry(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "[{\"image_id\":\"a\",\"category_id\":1,\"bbox\":[1,2,3],\"score\":0.5}]");
        SlimException e = assertThrows(SlimException.class, () -> CocoResults.read(f));
        assertTrue(e.getMessage().contains("bad.json: entry 0: bbox must have 4 numbers"), e.getMessage());
        Files.writeString(f, "{\"x\": 1}");
        assertThrows(SlimException.class, () -> CocoResults.read(f));
        Files.writeString(f, "[{\"image_id\":\"a\",\"bbox\":[1,2,3,4],\"score\":0.5}]");
        e = assertThrows(SlimException.class, () -> CocoResults.read(f));
        assertTrue(e.getMessage().contains("missing \"category_id\""), e.getMessage());
    }
}
