package org.slimlab.data;

import java.nio.file.Path;

/**
 * Where one batch image came from: dataset index, source file, original size and the letterbox that made it.
 * For unaugmented batches (validation) {@link #letterbox()} maps predictions back to original pixels; for
 * augmented ones it describes the plain letterbox of the source before the random steps.
 *
 * @param index     index in the dataset
 * @param path      source image file
 * @param w0        original width
 * @param h0        original height
 * @param letterbox scale and padding from original to batch pixels
 */
public record ImageMeta(int index, Path path, int w0, int h0, Letterbox letterbox) {
    /** Scale from original to batch pixels. */
    public double ratio() {
        return letterbox.ratio();
    }

    /** Left padding in batch pixels. */
    public int padX() {
        return letterbox.padX();
    }

    /** Top padding in batch pixels. */
    public int padY() {
        return letterbox.padY();
    }

    /** Maps a box {@code x1, y1, x2, y2} in batch pixels to original pixels, clipped to the original image. */
    public double[] toOriginal(double x1, double y1, double x2, double y2) {
        return new double[] {
            clip(letterbox.toOriginalX(x1), w0), clip(letterbox.toOriginalY(y1), h0),
            clip(letterbox.toOriginalX(x2), w0), clip(letterbox.toOriginalY(y2), h0)};
    }

    private static double clip(double v, int max) {
        return Math.min(Math.max(v, 0), max);
    }
}
