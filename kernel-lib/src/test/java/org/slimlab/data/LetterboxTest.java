package org.slimlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData.Rect;

class LetterboxTest {
    @TempDir
    Path dir;

    @Test
    void geometryKeepsAspectAndCentresWithUltralyticsRounding() {
        Letterbox wide = Letterbox.of(640, 480, 320);
        assertEquals(0.5, wide.ratio());
        assertEquals(320, wide.newW());
        assertEquals(240, wide.newH());
        assertEquals(0, wide.padX());
        assertEquals(40, wide.padY());

        Letterbox tall = Letterbox.of(300, 500, 256);
        assertEquals(0.512, tall.ratio(), 1e-12);
        assertEquals(154, tall.newW());
        assertEquals(256, tall.newH());
        assertEquals(51, tall.padX());
        assertEquals(0, tall.padY());

        Letterbox odd = Letterbox.of(100, 99, 64);
        assertEquals(63, odd.newH());
        assertEquals(0, odd.padY());

        Letterbox up = Letterbox.of(28, 14, 64);
        assertEquals(64, up.newW());
        assertEquals(32, up.newH());
        assertEquals(16, up.padY());
    }

    @Test
    void pixelsAreScaledAndPaddedWithGray() {
        RgbImage red = new RgbImage(200, 100);
        for (int i = 0; i < red.data.length; i += 3) {
            red.data[i] = (byte) 255;
        }
        Letterbox lb = Letterbox.of(200, 100, 128);
        RgbImage out = lb.apply(red);
        assertEquals(128, out.width);
        assertEquals(128, out.height);
        assertEquals(32, lb.padY());
        for (int y = 0; y < 128; y++) {
            boolean inside = y >= 32 && y < 96;
            assertEquals(inside ? 255 : 114, out.get(64, y, 0), "row " + y);
            assertEquals(inside ? 0 : 114, out.get(5, y, 1), "row " + y);
        }
    }

    @Test
    void boxesRoundTripBetweenOriginalAndLetterboxedPixels() {
        Letterbox lb = Letterbox.of(300, 500, 256);
        YoloLabel l = new YoloLabel(0, 0.3f, 0.6f, 0.2f, 0.5f);
        float[] b = Boxes.fromLabels(java.util.List.of(l), lb.newW(), lb.newH(), lb.padX(), lb.padY())[0];
        ImageMeta meta = new ImageMeta(0, Path.of("x.png"), 300, 500, lb);
        double[] back = meta.toOriginal(b[1], b[2], b[3], b[4]);
        assertEquals(l.x1(300), back[0], 1e-3);
        assertEquals(l.y1(500), back[1], 1e-3);
        assertEquals(l.x2(300), back[2], 1e-3);
        assertEquals(l.y2(500), back[3], 1e-3);
        assertEquals(l.x1(300), lb.toOriginalX(lb.toLetterboxX(l.x1(300))), 1e-9);
        double[] clipped = meta.toOriginal(-10, -10, 300, 300);
        assertEquals(0, clipped[0]);
        assertEquals(0, clipped[1]);
        assertEquals(300, clipped[2]);
    }

    @Test
    void validationBatchTargetsMapBackToOriginalLabelsAndPixels() {
        Path img = TestData.labelled(dir.resolve("images/val/a.png"), 120, 80,
                new Rect[] {new Rect(30, 10, 90, 50, 0xFF0000)}, new int[] {0});
        TestData.labelled(dir.resolve("images/val/b.png"), 50, 90,
                new Rect[] {new Rect(5, 5, 45, 30, 0x00FF00)}, new int[] {1});
        TestData.yaml(dir, "red", "green");
        DetDataset ds = DetDataset.load(dir.resolve("data.yaml"), "val");
        try (DetLoader loader = DetLoader.builder(ds).imgSize(64).batchSize(2).workers(1).build()) {
            DetBatch b = loader.iterator().next();
            assertEquals(64, b.h());
            assertEquals(2, b.targets().length);
            float[] t = b.targets()[0];
            ImageMeta m = b.meta().get(0);
            assertEquals(img, m.path());
            assertEquals(120, m.w0());
            assertEquals(80, m.h0());
            double[] o = m.toOriginal((t[2] - t[4] / 2) * 64, (t[3] - t[5] / 2) * 64, (t[2] + t[4] / 2) * 64,
                    (t[3] + t[5] / 2) * 64);
            assertEquals(30, o[0], 1e-3);
            assertEquals(10, o[1], 1e-3);
            assertEquals(90, o[2], 1e-3);
            assertEquals(50, o[3], 1e-3);
            // the red pixels of the batch image sit inside the target box
            int plane = 64 * 64;
            int cx = Math.round(t[2] * 64);
            int cy = Math.round(t[3] * 64);
            assertEquals(1f, b.images()[cy * 64 + cx], 1e-6);
            assertEquals(0f, b.images()[plane + cy * 64 + cx], 1e-6);
            assertEquals(114 / 255f, b.images()[0], 1e-6);
            assertEquals(1, (int) b.targets()[1][0]);
            assertEquals(1, (int) b.targets()[1][1]);
        }
    }
}
