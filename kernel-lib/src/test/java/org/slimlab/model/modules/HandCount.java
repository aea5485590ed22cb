package org.slimlab.model.modules;

/** Parameter counts of YOLO building blocks by formula, for tests that check a build against a hand count. */
public final class HandCount {
    /** Channels each ASFF input is compressed to for the weights. */
    public static final int WEIGHT_WIDTH = 8;

    private HandCount() {
    }

    /** Conv + BatchNorm: c1·c2·k² weights, 2·c2 BatchNorm parameters. */
    public static long conv(long c1, long c2, int k) {
        return c1 * c2 * k * k + 2 * c2;
    }

    /**
     * ASFF: per finer input j a chain of stride-2 3×3 Convs (c_j → c_j for all but the last step,
     * which goes to c = c1s[level]); per coarser input a 1×1 Conv to c; a 1×1 Conv to 8 per input;
     * a 1×1 convolution with bias from 8·L to L; the 3×3 Conv from c to c2.
     */
    public static long asff(int[] c1s, int level, int c2) {
        int c = c1s[level];
        long n = 0;
        for (int j = 0; j < c1s.length; j++) {
            if (j < level) {
                n += (level - j - 1) * conv(c1s[j], c1s[j], 3) + conv(c1s[j], c, 3);
            } else if (j > level) {
                n += conv(c1s[j], c, 1);
            }
            n += conv(c, WEIGHT_WIDTH, 1);
        }
        int l = c1s.length;
        return n + (long) WEIGHT_WIDTH * l * l + l + conv(c, c2, 3);
    }

    /** n BasicBlocks of width c: two 3×3 Convs each. */
    public static long basicBlocks(int c, int n) {
        return n * 2 * conv(c, c, 3);
    }

    /**
     * YOLOv8's anchor-free Detect over levels of widths {@code ch}: box branch widths max(16, ch0/4, 64),
     * class branch widths max(ch0, min(nc, 100)), 1×1 output convolutions with bias, 16 DFL weights.
     */
    public static long detect(int nc, int... ch) {
        int c2 = Math.max(Math.max(16, ch[0] / 4), 64);
        int c3 = Math.max(ch[0], Math.min(nc, 100));
        long n = 16;
        for (int c : ch) {
            n += conv(c, c2, 3) + conv(c2, c2, 3) + (long) c2 * 64 + 64;
            n += conv(c, c3, 3) + conv(c3, c3, 3) + (long) c3 * nc + nc;
        }
        return n;
    }
}
