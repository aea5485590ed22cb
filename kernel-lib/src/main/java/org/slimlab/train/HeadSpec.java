package org.slimlab.train;

import java.util.Arrays;
import org.slimlab.SlimException;

/**
 * What the losses need to know about a detection head: its kind, class count, stride per output level and,
 * for anchor-based heads, the anchors of each level in pixels.
 *
 * <p>Raw head outputs follow one contract. Anchor-based heads (YOLOv5 Detect, YOLOv7 IDetect) give one
 * {@code (N, na, H, W, nc+5)} array per level, pre-sigmoid, channels {@code x,y,w,h,obj,cls...}. Anchor-free
 * heads (YOLOv8 Detect) give one {@code (N, 4*regMax + nc, H, W)} array per level: box distribution logits
 * first, then class logits.
 *
 * @param kind anchor-based or anchor-free
 * @param nc number of classes
 * @param strides stride of each output level in pixels, smallest first
 * @param anchors per level, {@code [w0, h0, w1, h1, ...]} in pixels; empty for anchor-free heads
 * @param regMax distribution bins per box side (anchor-free heads; 0 for anchor-based)
 */
public record HeadSpec(Kind kind, int nc, int[] strides, float[][] anchors, int regMax) {

    /** The two head families the trainer knows. */
    public enum Kind {
        /** YOLOv5 Detect / YOLOv7 IDetect: three anchors per cell, objectness channel. */
        ANCHOR_BASED,
        /** YOLOv8 Detect: one point per cell, distribution focal loss box branch. */
        ANCHOR_FREE
    }

    public HeadSpec {
        if (nc < 1) {
            throw new SlimException("detection head: nc must be at least 1, got " + nc);
        }
        if (strides == null || strides.length == 0) {
            throw new SlimException("detection head: no output levels");
        }
        strides = strides.clone();
        anchors = anchors == null ? new float[0][] : Arrays.stream(anchors).map(float[]::clone).toArray(float[][]::new);
        if (kind == Kind.ANCHOR_BASED) {
            if (anchors.length != strides.length) {
                throw new SlimException("detection head: " + anchors.length + " anchor rows for " + strides.length
                        + " levels");
            }
            for (int i = 0; i < anchors.length; i++) {
                if (anchors[i].length == 0 || anchors[i].length % 2 != 0 || anchors[i].length != anchors[0].length) {
                    throw new SlimException("detection head: anchor row " + i + " must hold the same even number "
                            + "of values as row 0, got " + anchors[i].length);
                }
            }
        } else if (regMax < 2) {
            throw new SlimException("detection head: anchor-free head needs regMax >= 2, got " + regMax);
        }
    }

    /** An anchor-based head (YOLOv5 Detect, YOLOv7 IDetect). */
    public static HeadSpec anchorBased(int nc, int[] strides, float[][] anchorsPx) {
        return new HeadSpec(Kind.ANCHOR_BASED, nc, strides, anchorsPx, 0);
    }

    /** An anchor-free head (YOLOv8 Detect) with {@code regMax} bins per side. */
    public static HeadSpec anchorFree(int nc, int[] strides, int regMax) {
        return new HeadSpec(Kind.ANCHOR_FREE, nc, strides, new float[0][], regMax);
    }

    /** Number of output levels. */
    public int nl() {
        return strides.length;
    }

    /** Anchors per cell (1 for anchor-free heads). */
    public int na() {
        return kind == Kind.ANCHOR_BASED ? anchors[0].length / 2 : 1;
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public float[][] anchors() {
        return Arrays.stream(anchors).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadSpec h && h.kind == kind && h.nc == nc && h.regMax == regMax
                && Arrays.equals(h.strides, strides) && Arrays.deepEquals(h.anchors, anchors);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + nc) + Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        return "HeadSpec[" + kind + ", nc=" + nc + ", strides=" + Arrays.toString(strides) + ", anchors="
                + Arrays.deepToString(anchors) + ", regMax=" + regMax + "]";
    }
}
