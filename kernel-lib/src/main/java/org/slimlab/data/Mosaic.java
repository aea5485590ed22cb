package org.slimlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Ultralytics' 4-image mosaic: four images (long side = size) placed around a random centre of a
 * {@code 2size x 2size} gray canvas; the caller then warps the canvas back to {@code size x size}.
 */
final class Mosaic {
    private Mosaic() {
    }

    /**
     * Builds the canvas from {@code first} and three further images drawn uniformly from {@code 0..count-1}.
     *
     * @param load gives image {@code i} resized to long side {@code size}, with its pixel boxes
     */
    static Labeled canvas(int first, int count, int size, IntFunction<Labeled> load, SplittableRandom rng) {
        int s2 = size * 2;
        int xc = (int) (size / 2.0 + rng.nextDouble() * size);
        int yc = (int) (size / 2.0 + rng.nextDouble() * size);
        int[] indices = {first, rng.nextInt(count), rng.nextInt(count), rng.nextInt(count)};
        RgbImage canvas = RgbImage.filled(s2, s2, Letterbox.PAD_GRAY);
        List<float[]> boxes = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Labeled part = load.apply(indices[k]);
            int w = part.image().width;
            int h = part.image().height;
            int x1a;
            int y1a;
            int x2a;
            int y2a;
            int x1b;
            int y1b;
            if (k == 0) {
                x1a = Math.max(xc - w, 0); y1a = Math.max(yc - h, 0); x2a = xc; y2a = yc;
                x1b = w - (x2a - x1a); y1b = h - (y2a - y1a);
            } else if (k == 1) {
                x1a = xc; y1a = Math.max(yc - h, 0); x2a = Math.min(xc + w, s2); y2a = yc;
                x1b = 0; y1b = h - (y2a - y1a);
            } else if (k == 2) {
                x1a = Math.max(xc - w, 0); y1a = yc; x2a = xc; y2a = Math.min(s2, yc + h);
                x1b = w - (x2a - x1a); y1b = 0;
            } else {
                x1a = xc; y1a = yc; x2a = Math.min(xc + w, s2); y2a = Math.min(s2, yc + h);
                x1b = 0; y1b = 0;
            }
            ImageOps.copy(part.image(), x1b, y1b, x2a - x1a, y2a - y1a, canvas, x1a, y1a);
            int dx = x1a - x1b;
            int dy = y1a - y1b;
            for (float[] b : part.boxes()) {
                boxes.add(new float[] {b[0], b[1] + dx, b[2] + dy, b[3] + dx, b[4] + dy});
            }
        }
        float[][] all = boxes.toArray(new float[0][]);
        Boxes.clip(all, s2, s2);
        return new Labeled(canvas, all);
    }
}
