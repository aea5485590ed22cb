package org.slimlab.data;

import java.util.SplittableRandom;

/** Procedural scene backgrounds: a two-colour gradient overlaid with value noise, stripes or a checkerboard. */
final class Backgrounds {
    private Backgrounds() {
    }

    /** Paints a {@code size x size} background from {@code rng}. */
    static RgbImage paint(int size, SplittableRandom rng) {
        double[] c0 = Colors.hsv(rng.nextDouble() * 360, rng.nextDouble() * 0.5, 0.25 + rng.nextDouble() * 0.6);
        double[] c1 = Colors.hsv(rng.nextDouble() * 360, rng.nextDouble() * 0.5, 0.25 + rng.nextDouble() * 0.6);
        double[] tint = Colors.hsv(rng.nextDouble() * 360, rng.nextDouble() * 0.6, 1);
        double angle = rng.nextDouble() * Math.PI * 2;
        double gx = Math.cos(angle) / size;
        double gy = Math.sin(angle) / size;
        double amp = 15 + rng.nextDouble() * 40;
        Texture texture = switch (rng.nextInt(3)) {
            case 0 -> noise(size, 3 + rng.nextInt(10), rng);
            case 1 -> stripes(4 + rng.nextDouble() * 36, rng.nextDouble() * Math.PI, rng.nextBoolean());
            default -> checker(6 + rng.nextInt(30), rng.nextDouble() * Math.PI / 2);
        };
        RgbImage img = new RgbImage(size, size);
        int o = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double t = Math.min(1, Math.max(0, 0.5 + (x - size / 2.0) * gx + (y - size / 2.0) * gy));
                double v = texture.at(x, y) * amp;
                double grain = (rng.nextDouble() - 0.5) * 12;
                for (int c = 0; c < 3; c++) {
                    double base = (c0[c] * (1 - t) + c1[c] * t) * 255;
                    img.data[o++] = (byte) Colors.clamp(base + v * tint[c] + grain);
                }
            }
        }
        return img;
    }

    /** A texture value in -1..1 at pixel (x, y). */
    private interface Texture {
        double at(int x, int y);
    }

    private static Texture noise(int size, int cells, SplittableRandom rng) {
        double[] grid = new double[(cells + 1) * (cells + 1)];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = rng.nextDouble() * 2 - 1;
        }
        double step = (double) size / cells;
        return (x, y) -> {
            double u = x / step;
            double v = y / step;
            int i = Math.min((int) u, cells - 1);
            int j = Math.min((int) v, cells - 1);
            double fu = smooth(u - i);
            double fv = smooth(v - j);
            double top = grid[j * (cells + 1) + i] * (1 - fu) + grid[j * (cells + 1) + i + 1] * fu;
            double bottom = grid[(j + 1) * (cells + 1) + i] * (1 - fu) + grid[(j + 1) * (cells + 1) + i + 1] * fu;
            return top * (1 - fv) + bottom * fv;
        };
    }

    private static Texture stripes(double period, double angle, boolean square) {
        double cx = Math.cos(angle) * 2 * Math.PI / period;
        double cy = Math.sin(angle) * 2 * Math.PI / period;
        return (x, y) -> {
            double s = Math.sin(x * cx + y * cy);
            return square ? Math.signum(s) : s;
        };
    }

    private static Texture checker(int cell, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        return (x, y) -> {
            long u = (long) Math.floor((x * cos + y * sin) / cell);
            long v = (long) Math.floor((y * cos - x * sin) / cell);
            return ((u + v) & 1) == 0 ? 1 : -1;
        };
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }
}
