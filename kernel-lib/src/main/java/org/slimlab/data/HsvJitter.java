package org.slimlab.data;

import java.util.SplittableRandom;

/**
 * Random hue shift and saturation/value gains, as Ultralytics' augment_hsv: 8-bit HSV with hue in 0..179,
 * lookup tables per image.
 */
final class HsvJitter {
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
            int min = Math.min(r, Math.min(g, b));
            int diff = max - min;
            int v = lutV[max];
            if (diff == 0) {
                d[o] = d[o + 1] = d[o + 2] = (byte) v;
                continue;
            }
            double hue;
            if (max == r) {
                hue = 60.0 * (g - b) / diff;
            } else if (max == g) {
                hue = 120 + 60.0 * (b - r) / diff;
            } else {
                hue = 240 + 60.0 * (r - g) / diff;
            }
            int h = lutH[Math.floorMod((int) Math.round((hue < 0 ? hue + 360 : hue) / 2), 180)];
            int s = lutS[(int) Math.round(255.0 * diff / max)];
            double[] rgb = Colors.hsv(h * 2.0, s / 255.0, v);
            d[o] = (byte) Colors.clamp(rgb[0]);
            d[o + 1] = (byte) Colors.clamp(rgb[1]);
            d[o + 2] = (byte) Colors.clamp(rgb[2]);
        }
    }

    private static double uniform(SplittableRandom rng) {
        return rng.nextDouble() * 2 - 1;
    }
}
