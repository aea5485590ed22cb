package org.slimlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Renders one FashionDet scene: a procedural background with several tinted Fashion-MNIST items at varied scales,
 * overlapping only a little, each with the tight box of its visible mask.
 */
final class FashionScene {
    /** Gray level (0..1) where an item starts to be opaque; below it the item is fully transparent. */
    static final double ALPHA_LO = 0.10;
    /** Gray level (0..1) where an item becomes fully opaque. */
    static final double ALPHA_HI = 0.30;
    /** Opacity of the faintest item pixel, so that every pixel inside the mask is visible. */
    static final double ALPHA_MIN = 0.35;
    /** Largest IoU between two item boxes. */
    static final double MAX_IOU = 0.30;
    /** Largest share of the smaller box that another box may cover. */
    static final double MAX_COVER = 0.50;
    private static final int ATTEMPTS = 25;

    private FashionScene() {
    }

    /** A placed item: class and tight box in pixels, {@code [x1, x2) x [y1, y2)}. */
    record Item(int cls, int x1, int y1, int x2, int y2) {
        int area() {
            return (x2 - x1) * (y2 - y1);
        }
    }

    /** A rendered scene and its items in painting order. */
    record Scene(RgbImage image, List<Item> items) {
    }

    /** A scaled item: per-pixel opacity and shading, and the tight box of its opaque pixels. */
    private record Sprite(int w, int h, float[] alpha, float[] shade, int bx1, int by1, int bx2, int by2) {
    }

    /** Renders a {@code size x size} scene with {@code minItems..maxItems} items drawn from {@code src}. */
    static Scene render(FashionMnist src, int size, int minItems, int maxItems, SplittableRandom rng) {
        RgbImage img = Backgrounds.paint(size, rng);
        int want = minItems + rng.nextInt(maxItems - minItems + 1);
        double minSide = Math.max(8, size * 24 / 256.0);
        double maxSide = Math.max(minSide, size * 128 / 256.0);
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < want; k++) {
            int index = rng.nextInt(src.size());
            double side = minSide * Math.pow(maxSide / minSide, rng.nextDouble());
            double aspect = 0.85 + rng.nextDouble() * 0.3;
            Sprite sp = sprite(src, index, (int) Math.round(side * aspect), (int) Math.round(side));
            double[] tint = Colors.hsv(rng.nextDouble() * 360, 0.45 + rng.nextDouble() * 0.55,
                    0.7 + rng.nextDouble() * 0.3);
            if (sp == null) {
                continue;
            }
            int bw = sp.bx2() - sp.bx1();
            int bh = sp.by2() - sp.by1();
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int x1 = rng.nextInt(size - bw + 1);
                int y1 = rng.nextInt(size - bh + 1);
                Item item = new Item(src.label(index), x1, y1, x1 + bw, y1 + bh);
                if (fits(item, items)) {
                    paint(img, sp, x1 - sp.bx1(), y1 - sp.by1(), tint);
                    items.add(item);
                    break;
                }
            }
        }
        return new Scene(img, items);
    }

    private static boolean fits(Item a, List<Item> placed) {
        for (Item b : placed) {
            int iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
            int ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
            if (iw <= 0 || ih <= 0) {
                continue;
            }
            double inter = (double) iw * ih;
            if (inter / (a.area() + b.area() - inter) > MAX_IOU || inter / Math.min(a.area(), b.area()) > MAX_COVER) {
                return false;
            }
        }
        return true;
    }

    /** Scales item {@code i} to {@code w x h} (bilinear) and finds its opaque pixels; null if it has none. */
    private static Sprite sprite(FashionMnist src, int i, int w, int h) {
        int cols = src.cols();
        int rows = src.rows();
        float[] alpha = new float[w * h];
        float[] shade = new float[w * h];
        int bx1 = w;
        int by1 = h;
        int bx2 = 0;
        int by2 = 0;
        for (int y = 0; y < h; y++) {
            double v = (y + 0.5) * rows / h - 0.5;
            int j = (int) Math.floor(v);
            double fy = v - j;
            for (int x = 0; x < w; x++) {
                double u = (x + 0.5) * cols / w - 0.5;
                int ii = (int) Math.floor(u);
                double fx = u - ii;
                double g = ((gray(src, i, ii, j) * (1 - fx) + gray(src, i, ii + 1, j) * fx) * (1 - fy)
                        + (gray(src, i, ii, j + 1) * (1 - fx) + gray(src, i, ii + 1, j + 1) * fx) * fy) / 255.0;
                double a = g <= ALPHA_LO ? 0
                        : Math.min(1, Math.max(ALPHA_MIN, (g - ALPHA_LO) / (ALPHA_HI - ALPHA_LO)));
                alpha[y * w + x] = (float) a;
                shade[y * w + x] = (float) (0.35 + 0.65 * g);
                if (a > 0) {
                    bx1 = Math.min(bx1, x);
                    by1 = Math.min(by1, y);
                    bx2 = Math.max(bx2, x + 1);
                    by2 = Math.max(by2, y + 1);
                }
            }
        }
        return bx2 == 0 ? null : new Sprite(w, h, alpha, shade, bx1, by1, bx2, by2);
    }

    private static double gray(FashionMnist src, int i, int x, int y) {
        return x < 0 || y < 0 || x >= src.cols() || y >= src.rows() ? 0 : src.pixel(i, x, y);
    }

    /** Blends the sprite, coloured by {@code tint}, onto {@code img} with its frame's top-left at (ox, oy). */
    private static void paint(RgbImage img, Sprite sp, int ox, int oy, double[] tint) {
        for (int y = sp.by1(); y < sp.by2(); y++) {
            for (int x = sp.bx1(); x < sp.bx2(); x++) {
                float a = sp.alpha()[y * sp.w() + x];
                if (a <= 0) {
                    continue;
                }
                int o = ((oy + y) * img.width + ox + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double fg = tint[c] * sp.shade()[y * sp.w() + x] * 255;
                    img.data[o + c] = (byte) Colors.clamp((img.data[o + c] & 0xFF) * (1 - a) + fg * a);
                }
            }
        }
    }
}
