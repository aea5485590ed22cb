package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.data.TestData.Rect;

class AugmentTest {
    /** Pure hues of the test rectangles, class id = position. */
    static final int[] COLORS = {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFF00};
    private static final int[] HUES = {0, 120, 240, 60};

    @TempDir
    Path dir;

    /** Class of a pixel by its hue, or -1 for gray (background and padding). */
    static int hueClass(RgbImage img, int x, int y) {
        int r = img.get(x, y, 0);
        int g = img.get(x, y, 1);
        int b = img.get(x, y, 2);
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        if (max - min < 15) {
            return -1;
        }
        double hue = Math.toDegrees(Math.atan2(Math.sqrt(3) * (g - b), 2.0 * r - g - b));
        int best = 0;
        for (int k = 1; k < HUES.length; k++) {
            if (angle(hue, HUES[k]) < angle(hue, HUES[best])) {
                best = k;
            }
        }
        return best;
    }

    private static double angle(double a, double b) {
        double d = Math.abs(((a - b) % 360 + 360) % 360);
        return Math.min(d, 360 - d);
    }

    /** Four images, each one rectangle of its own colour and class. */
    static DetDataset fourColours(Path dir) {
        int[][] rects = {{20, 30, 150, 110}, {60, 10, 180, 140}, {10, 40, 90, 120}, {100, 20, 190, 90}};
        for (int k = 0; k < 4; k++) {
            int[] r = rects[k];
            TestData.labelled(dir.resolve("images/train/" + k + ".png"), 200, 150,
                    new Rect[] {new Rect(r[0], r[1], r[2], r[3], COLORS[k])}, new int[] {k});
        }
        TestData.yaml(dir, "red", "green", "blue", "yellow");
        return DetDataset.load(dir.resolve("data.yaml"), "train");
    }

    @Test
    void affineFlipAndHsvKeepTheBoxOnTheRectanglePixels() {
        TestData.labelled(dir.resolve("images/train/a.png"), 320, 240,
                new Rect[] {new Rect(60, 50, 200, 150, 0xE01010)}, new int[] {0});
        TestData.yaml(dir, "red");
        DetDataset ds = DetDataset.load(dir.resolve("data.yaml"), "train");
        Augment aug = new Augment(0.015, 0.7, 0.4, 15, 0.1, 0.5, 5, 0.5, 0.5, 0);
        SampleBuilder builder = new SampleBuilder(ds, 256, aug, 7);
        int checked = 0;
        for (int epoch = 0; epoch < 24; epoch++) {
            SampleBuilder.Sample s = builder.build(0, epoch);
            assertEquals(256, s.image().width);
            if (s.boxes().length == 0) {
                continue;
            }
            int[] ext = extent(s.image(), 0, 0, 0, 256, 256);
            float[] b = s.boxes()[0];
            String at = "epoch " + epoch;
            assertEquals(ext[0], b[1], 2.5, at);
            assertEquals(ext[1], b[2], 2.5, at);
            assertEquals(ext[2], b[3], 2.5, at);
            assertEquals(ext[3], b[4], 2.5, at);
            checked++;
        }
        assertTrue(checked >= 18, "boxes kept in " + checked + " of 24 samples");
    }

    /** Pixel extent {x1, y1, x2, y2} (exclusive) of class {@code cls} pixels within a window. */
    static int[] extent(RgbImage img, int cls, int wx1, int wy1, int wx2, int wy2) {
        int[] e = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        for (int y = Math.max(0, wy1); y < Math.min(img.height, wy2); y++) {
            for (int x = Math.max(0, wx1); x < Math.min(img.width, wx2); x++) {
                if (hueClass(img, x, y) == cls) {
                    e[0] = Math.min(e[0], x);
                    e[1] = Math.min(e[1], y);
                    e[2] = Math.max(e[2], x + 1);
                    e[3] = Math.max(e[3], y + 1);
                }
            }
        }
        return e;
    }

    @Test
    void mosaicCanvasPlacesFourTilesWithTheirBoxes() {
        DetDataset ds = fourColours(dir);
        SampleBuilder builder = new SampleBuilder(ds, 128, Augment.defaults(), 1);
        Labeled canvas = Mosaic.canvas(0, ds.size(), 128, i -> {
            Letterbox lb = Letterbox.of(ds.width(i), ds.height(i), 128);
            return new Labeled(ImageOps.resize(ds.rgb(i), lb.newW(), lb.newH()),
                    Boxes.fromLabels(ds.labels(i), lb.newW(), lb.newH(), 0, 0));
        }, new SplittableRandom(3));
        assertEquals(256, canvas.image().width);
        assertEquals(256, canvas.image().height);
        assertEquals(4, canvas.boxes().length);
        for (float[] b : canvas.boxes()) {
            assertTrue(b[1] >= 0 && b[3] <= 256 && b[2] >= 0 && b[4] <= 256);
            if (b[3] - b[1] > 4 && b[4] - b[2] > 4) {
                int cx = (int) ((b[1] + b[3]) / 2);
                int cy = (int) ((b[2] + b[4]) / 2);
                assertEquals((int) b[0], hueClass(canvas.image(), cx, cy));
            }
        }
        assertEquals(128, builder.build(0, 0).image().width);
    }

    @Test
    void mosaicSamplesHaveTheTrainingSizeAndValidBoxesOverTheirPixels() {
        DetDataset ds = fourColours(dir);
        SampleBuilder builder = new SampleBuilder(ds, 160, Augment.defaults(), 11);
        int boxes = 0;
        for (int epoch = 0; epoch < 12; epoch++) {
            for (int i = 0; i < ds.size(); i++) {
                SampleBuilder.Sample s = builder.build(i, epoch);
                assertEquals(160, s.image().width);
                assertEquals(160, s.image().height);
                for (float[] b : s.boxes()) {
                    int cls = (int) b[0];
                    assertTrue(cls >= 0 && cls < 4);
                    assertTrue(b[1] >= 0 && b[2] >= 0 && b[3] <= 160 && b[4] <= 160, "box inside the image");
                    assertTrue(b[3] - b[1] > Boxes.MIN_SIDE && b[4] - b[2] > Boxes.MIN_SIDE, "box not degenerate");
                    int match = 0;
                    int all = 0;
                    for (int y = (int) Math.ceil(b[2]); y < (int) b[4]; y++) {
                        for (int x = (int) Math.ceil(b[1]); x < (int) b[3]; x++) {
                            all++;
                            match += hueClass(s.image(), x, y) == cls ? 1 : 0;
                        }
                    }
                    assertTrue(match >= 0.6 * all, "class " + cls + " covers " + match + " of " + all + " px");
                    boxes++;
                }
            }
        }
        assertTrue(boxes > 48, "only " + boxes + " boxes in 48 mosaics");
    }

    @Test
    void boxCandidatesDropDegenerateBoxes() {
        assertTrue(Boxes.candidate(20, 20, 10, 10));
        assertFalse(Boxes.candidate(20, 20, 2, 10), "side of 2 px");
        assertFalse(Boxes.candidate(100, 100, 30, 30), "9% of the area left");
        assertFalse(Boxes.candidate(1000, 10, 500, 3.5), "kept area fine but 3.5 px tall is ok, aspect 143 is not");
        float[][] moved = Boxes.transform(new float[][] {{0, 10, 10, 30, 30}, {1, 90, 90, 120, 120}},
                Affine.translate(-5, 0), 100, 100, 1);
        assertEquals(2, moved.length);
        assertEquals(5f, moved[0][1]);
        assertEquals(100f, moved[1][3], "clipped to the image");
        float[][] gone = Boxes.transform(new float[][] {{0, 10, 10, 30, 30}}, Affine.translate(-28, 0), 100, 100, 1);
        assertEquals(0, gone.length, "a 2 px sliver is dropped");
    }

    @Test
    void hyperparametersHaveUltralyticsDefaultsAndCheckRanges() {
        Augment d = Augment.defaults();
        assertEquals(Map.of("hsv_h", 0.015, "hsv_s", 0.7, "hsv_v", 0.4, "degrees", 0.0, "translate", 0.1, "scale", 0.5,
                "shear", 0.0, "flipud", 0.0, "fliplr", 0.5, "mosaic", 1.0), d.toMap());
        assertTrue(d.enabled());
        assertFalse(Augment.none().enabled());
        assertEquals(0.0, d.withMosaic(0).mosaic());
        Augment custom = Augment.fromMap(Map.of("degrees", 10, "mosaic", 0.5), d);
        assertEquals(10, custom.degrees());
        assertEquals(0.5, custom.mosaic());
        assertEquals(0.7, custom.hsvS());
        assertEquals(d, Augment.fromMap(d.toMap(), Augment.none()));
        assertEquals("augment: mosaic = 1.5 is outside 0..1.0",
                assertThrows(SlimException.class, () -> d.withMosaic(1.5)).getMessage());
        assertEquals("augment: degrees must be a number, got 'x'",
                assertThrows(SlimException.class, () -> Augment.fromMap(Map.of("degrees", "x"), d)).getMessage());
    }

    @Test
    void hsvWithUnitGainsReturnsTheSameColours() {
        RgbImage img = new RgbImage(64, 64);
        new java.util.Random(1).nextBytes(img.data);
        byte[] before = img.data.clone();
        HsvJitter.apply(img, 1e-9, 1e-9, 1e-9, new SplittableRandom(2));
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i] & 0xFF, img.data[i] & 0xFF, 5, "channel value " + i);
        }
    }

    @Test
    void hsvJitterLeavesGrayGrayAndChangesColour() {
        RgbImage img = RgbImage.filled(4, 1, 114);
        img.data[0] = (byte) 200;
        img.data[1] = 50;
        img.data[2] = 50;
        HsvJitter.apply(img, 0.015, 0.7, 0.4, new SplittableRandom(5));
        int gray = img.get(2, 0, 0);
        assertEquals(gray, img.get(2, 0, 1));
        assertEquals(gray, img.get(2, 0, 2));
        assertNotEquals(200, img.get(0, 0, 0));
        assertEquals(0, hueClass(img, 0, 0));
    }
}
