package org.slimlab.data;

/** Pixel kernels on {@link RgbImage}: bilinear resize, affine warp, copy and flips. Deterministic, no AWT. */
final class ImageOps {
    /** Fixed-point weights of the warp's interior: 11 fractional bits per axis. */
    private static final int FIXED = 1 << 11;
    private static final int SHIFT = 22;
    private static final int HALF = 1 << (SHIFT - 1);
    private ImageOps() {
    }

    /** Bilinear resize with pixel-centre alignment (as OpenCV's INTER_LINEAR). */
    static RgbImage resize(RgbImage src, int width, int height) {
        if (width == src.width && height == src.height) {
            return src;
        }
        RgbImage out = new RgbImage(width, height);
        double sx = (double) src.width / width;
        double sy = (double) src.height / height;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double u = Math.max(0, (x + 0.5) * sx - 0.5);
            int i = Math.min((int) u, src.width - 1);
            x0[x] = i * 3;
            x1[x] = Math.min(i + 1, src.width - 1) * 3;
            fx[x] = (float) (u - i);
        }
        byte[] s = src.data;
        byte[] d = out.data;
        int rowBytes = src.width * 3;
        for (int y = 0; y < height; y++) {
            double v = Math.max(0, (y + 0.5) * sy - 0.5);
            int j = Math.min((int) v, src.height - 1);
            float fy = (float) (v - j);
            int r0 = j * rowBytes;
            int r1 = Math.min(j + 1, src.height - 1) * rowBytes;
            int o = y * width * 3;
            for (int x = 0; x < width; x++) {
                float wx = fx[x];
                for (int c = 0; c < 3; c++) {
                    float top = (s[r0 + x0[x] + c] & 0xFF) * (1 - wx) + (s[r0 + x1[x] + c] & 0xFF) * wx;
                    float bottom = (s[r1 + x0[x] + c] & 0xFF) * (1 - wx) + (s[r1 + x1[x] + c] & 0xFF) * wx;
                    d[o++] = (byte) (top * (1 - fy) + bottom * fy + 0.5f);
                }
            }
        }
        return out;
    }

    /**
     * Warps {@code src} by {@code map} (source to destination) into a {@code width x height} image; destination
     * pixels whose source falls outside are {@code border} gray. Bilinear sampling.
     */
    static RgbImage warp(RgbImage src, Affine map, int width, int height, int border) {
        RgbImage out = RgbImage.filled(width, height, border);
        Affine inv = map.inverse();
        byte[] s = src.data;
        byte[] d = out.data;
        int sw = src.width;
        int sh = src.height;
        for (int y = 0; y < height; y++) {
            double cy = y + 0.5;
            double u = inv.x(0.5, cy) - 0.5;
            double v = inv.y(0.5, cy) - 0.5;
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3, u += inv.a(), v += inv.d()) {
                if (u <= -1 || v <= -1 || u >= sw || v >= sh) {
                    continue;
                }
                // floor for u, v > -1
                int i = (int) (u + 1) - 1;
                int j = (int) (v + 1) - 1;
                float wx = (float) (u - i);
                float wy = (float) (v - j);
                if (i >= 0 && j >= 0 && i + 1 < sw && j + 1 < sh) {
                    int ax = (int) (wx * FIXED);
                    int ay = (int) (wy * FIXED);
                    int p00 = (j * sw + i) * 3;
                    int p01 = p00 + sw * 3;
                    for (int c = 0; c < 3; c++) {
                        int top = (s[p00 + c] & 0xFF) * (FIXED - ax) + (s[p00 + 3 + c] & 0xFF) * ax;
                        int bottom = (s[p01 + c] & 0xFF) * (FIXED - ax) + (s[p01 + 3 + c] & 0xFF) * ax;
                        d[o + c] = (byte) ((top * (FIXED - ay) + bottom * ay + HALF) >> SHIFT);
                    }
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    float top = lerp(sample(s, sw, sh, i, j, c, border), sample(s, sw, sh, i + 1, j, c, border), wx);
                    float bottom = lerp(sample(s, sw, sh, i, j + 1, c, border),
                            sample(s, sw, sh, i + 1, j + 1, c, border), wx);
                    d[o + c] = (byte) (lerp(top, bottom, wy) + 0.5f);
                }
            }
        }
        return out;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static float sample(byte[] s, int w, int h, int x, int y, int c, int border) {
        if (x < 0 || y < 0 || x >= w || y >= h) {
            return border;
        }
        return s[(y * w + x) * 3 + c] & 0xFF;
    }

    /** Copies the {@code w x h} block at (sx, sy) of {@code src} to (dx, dy) of {@code dst}; in bounds. */
    static void copy(RgbImage src, int sx, int sy, int w, int h, RgbImage dst, int dx, int dy) {
        if (w <= 0 || h <= 0) {
            return;
        }
        for (int r = 0; r < h; r++) {
            System.arraycopy(src.data, ((sy + r) * src.width + sx) * 3,
                    dst.data, ((dy + r) * dst.width + dx) * 3, w * 3);
        }
    }

    /** Mirrors the image left-right in place. */
    static void flipHorizontal(RgbImage img) {
        byte[] d = img.data;
        for (int y = 0; y < img.height; y++) {
            int left = y * img.width * 3;
            int right = left + (img.width - 1) * 3;
            for (; left < right; left += 3, right -= 3) {
                for (int c = 0; c < 3; c++) {
                    byte t = d[left + c];
                    d[left + c] = d[right + c];
                    d[right + c] = t;
                }
            }
        }
    }

    /** Mirrors the image top-bottom in place. */
    static void flipVertical(RgbImage img) {
        int row = img.width * 3;
        byte[] tmp = new byte[row];
        for (int top = 0, bottom = img.height - 1; top < bottom; top++, bottom--) {
            System.arraycopy(img.data, top * row, tmp, 0, row);
            System.arraycopy(img.data, bottom * row, img.data, top * row, row);
            System.arraycopy(tmp, 0, img.data, bottom * row, row);
        }
    }
}
