package org.slimlab.eval;

import org.slimlab.SlimException;

/**
 * Maps boxes from letterboxed input pixels back to the original image, as Ultralytics' {@code scale_boxes}:
 * {@code x_orig = (x - padWidth) / ratio}, {@code y_orig = (y - padHeight) / ratio}, then clipped to
 * {@code [0, originalWidth] x [0, originalHeight]}.
 *
 * @param originalWidth  width of the original image in pixels
 * @param originalHeight height of the original image in pixels
 * @param ratio          resize gain from original to letterboxed pixels
 * @param padWidth       padding added on the left
 * @param padHeight      padding added on the top
 */
public record LetterboxMap(int originalWidth, int originalHeight, double ratio, double padWidth, double padHeight) {

    /** Checks the sizes and the gain. */
    public LetterboxMap {
        if (originalWidth <= 0 || originalHeight <= 0 || !(ratio > 0)) {
            throw new SlimException("letterbox: original size " + originalWidth + "x" + originalHeight
                    + " and ratio " + ratio + " must be positive");
        }
    }

    /**
     * The map Ultralytics infers when only the two shapes are known: gain
     * {@code min(inH / origH, inW / origW)} and the centred padding {@code round((in - orig * gain) / 2 - 0.1)}.
     */
    public static LetterboxMap fromShapes(int inputWidth, int inputHeight, int originalWidth, int originalHeight) {
        if (inputWidth <= 0 || inputHeight <= 0 || originalWidth <= 0 || originalHeight <= 0) {
            throw new SlimException("letterbox: sizes " + inputWidth + "x" + inputHeight + " and "
                    + originalWidth + "x" + originalHeight + " must be positive");
        }
        double gain = Math.min((double) inputHeight / originalHeight, (double) inputWidth / originalWidth);
        long padW = (long) Math.rint((inputWidth - originalWidth * gain) / 2 - 0.1);
        long padH = (long) Math.rint((inputHeight - originalHeight * gain) / 2 - 0.1);
        return new LetterboxMap(originalWidth, originalHeight, gain, padW, padH);
    }

    /** The map of an image that was not resized or padded. */
    public static LetterboxMap identity(int width, int height) {
        return new LetterboxMap(width, height, 1.0, 0.0, 0.0);
    }

    /** Original-pixel x of letterboxed {@code x}, clipped. */
    public float x(float x) {
        return clip((x - (float) padWidth) / (float) ratio, originalWidth);
    }

    /** Original-pixel y of letterboxed {@code y}, clipped. */
    public float y(float y) {
        return clip((y - (float) padHeight) / (float) ratio, originalHeight);
    }

    /** The detections with their boxes in original pixels; scores and classes unchanged. */
    public Detections toOriginal(Detections d) {
        float[] out = new float[d.size() * Detections.STRIDE];
        for (int i = 0; i < d.size(); i++) {
            int o = i * Detections.STRIDE;
            out[o] = x(d.x1(i));
            out[o + 1] = y(d.y1(i));
            out[o + 2] = x(d.x2(i));
            out[o + 3] = y(d.y2(i));
            out[o + 4] = d.score(i);
            out[o + 5] = d.cls(i);
        }
        return new Detections(out, d.size());
    }

    /** The labels with their boxes in original pixels. */
    public GroundTruth toOriginal(GroundTruth g) {
        int[] cls = new int[g.size()];
        float[] boxes = new float[g.size() * 4];
        for (int i = 0; i < g.size(); i++) {
            cls[i] = g.cls(i);
            boxes[i * 4] = x(g.x1(i));
            boxes[i * 4 + 1] = y(g.y1(i));
            boxes[i * 4 + 2] = x(g.x2(i));
            boxes[i * 4 + 3] = y(g.y2(i));
        }
        return new GroundTruth(cls, boxes);
    }

    private static float clip(float v, int max) {
        return Math.min(Math.max(v, 0f), max);
    }
}
