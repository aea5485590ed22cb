package org.slimlab.data;

import java.util.SplittableRandom;

/**
 * Random hue shift and saturation/value gains, as Ultralytics' augment_hsv: 8-bit HSV with hue in 0..179 and
 * lookup tables per image. The conversions are written out in float arithmetic: this runs on every pixel of
 * every training image.
 */
final class HsvJitter {
    private static final float[] INV = new float[256];

    static {
        for (int i = 1; i < INV.length; i++) {
            INV[i] = 1f / i;
        }
    }

    private HsvJitter() {
    }

    /** Jitters {@code img} in place with gains drawn from {@code rng}; does nothing when all gains are 0. */
    static void apply(RgbImage img, double hGain, double sGain, double vGain, SplittableRandom rng) {
        double rh = uniform(rng) * hGain;
        double rs = uniform(rng) * sGain + 1;
        double rv = uniform(rng) * vGain + 1;
        if (hGain == 0 && sGain == 0 && vGain == 0) {
            return;
        }
        int[] lutH = new int[180];
        int[] lutS = new int[256];
        int[] lutV = new int[256];
        int shift = (int) Math.round(rh * 180);
        for (int x = 0; x < 180; x++) {
            lutH[x] = Math.floorMod(x + shift, 180);
        }
        for (int x = 0; x < 256; x++) {
            lutS[x] = Colors.clamp(x * rs);
            lutV[x] = Colors.clamp(x * rv);
        }
        byte[] d = img.data;
        for (int o = 0; o < d.length; o += 3) {
            int r = d[o] & 0xFF;
            int g = d[o + 1] & 0xFF;
            int b = d[o + 2] & 0xFF;
            int max = Math.max(r, Math.max(g, b));
            int diff = max - Math.min(r, Math.min(g, b));
            int v = lutV[max];
            if (diff == 0) {
                d[o] = d[o + 1] = d[o + 2] = (byte) v;
                continue;
            }
            float half = 30f * INV[diff];
            float hue = max == r ? (g - b) * half : max == g ? 60 + (b - r) * half : 120 + (r - g) * half;
            int h = lutH[(int) (hue + 180.5f) % 180];
            int s = lutS[(int) (255f * diff * INV[max] + 0.5f)];
            float hp = h / 30f;
            int sector = (int) hp;
            float f = hp - sector;
            float c = v * s / 255f;
            byte vb = (byte) v;
            byte p = (byte) (v - c + 0.5f);
            byte q = (byte) (v - c * f + 0.5f);
            byte t = (byte) (v - c * (1 - f) + 0.5f);
            switch (sector) {
                case 0 -> { d[o] = vb; d[o + 1] = t; d[o + 2] = p; }
                case 1 -> { d[o] = q; d[o + 1] = vb; d[o + 2] = p; }
                case 2 -> { d[o] = p; d[o + 1] = vb; d[o + 2] = t; }
                case 3 -> { d[o] = p; d[o + 1] = q; d[o + 2] = vb; }
                case 4 -> { d[o] = t; d[o + 1] = p; d[o + 2] = vb; }
                default -> { d[o] = vb; d[o + 1] = p; d[o + 2] = q; }
            }
        }
    }

    private static double uniform(SplittableRandom rng) {
        return rng.nextDouble() * 2 - 1;
    }
}
