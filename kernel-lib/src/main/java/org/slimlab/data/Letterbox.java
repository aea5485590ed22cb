package org.slimlab.data;

/**
 * Letterbox geometry: an image of {@code w0 x h0} pixels scaled by {@link #ratio} (aspect kept, up or down) to
 * {@code newW x newH} and centred on a {@code size x size} canvas at ({@link #padX}, {@link #padY}), the rest
 * filled with gray 114. This is Ultralytics' square (rect=false) letterbox; the padding split rounds as
 * {@code round(pad/2 - 0.1)} does there. Coordinates map with the exact per-axis scale {@code newW / w0} and
 * {@code newH / h0} of the resized pixels, so a round trip is exact.
 *
 * @param size   side of the square canvas
 * @param w0     original width
 * @param h0     original height
 * @param ratio  nominal scale from original to letterboxed pixels, {@code min(size/w0, size/h0)}
 * @param newW   scaled image width
 * @param newH   scaled image height
 * @param padX   left padding in pixels
 * @param padY   top padding in pixels
 */
public record Letterbox(int size, int w0, int h0, double ratio, int newW, int newH, int padX, int padY) {
    /** Gray level of the padding, as Ultralytics uses. */
    public static final int PAD_GRAY = 114;

    /** The geometry that fits a {@code w0 x h0} image into a {@code size x size} square. */
    public static Letterbox of(int w0, int h0, int size) {
        if (w0 <= 0 || h0 <= 0 || size <= 0) {
            throw new IllegalArgumentException("letterbox of " + w0 + "x" + h0 + " into " + size);
        }
        double r = Math.min((double) size / h0, (double) size / w0);
        int nw = Math.max(1, Math.min(size, (int) Math.round(w0 * r)));
        int nh = Math.max(1, Math.min(size, (int) Math.round(h0 * r)));
        int left = (int) Math.round((size - nw) / 2.0 - 0.1);
        int top = (int) Math.round((size - nh) / 2.0 - 0.1);
        return new Letterbox(size, w0, h0, r, nw, nh, left, top);
    }

    /** Maps an x coordinate of the letterboxed image back to the original image (not clipped). */
    public double toOriginalX(double x) {
        return (x - padX) * w0 / newW;
    }

    /** Maps a y coordinate of the letterboxed image back to the original image (not clipped). */
    public double toOriginalY(double y) {
        return (y - padY) * h0 / newH;
    }

    /** Maps an original x coordinate into the letterboxed image. */
    public double toLetterboxX(double x0) {
        return x0 * newW / w0 + padX;
    }

    /** Maps an original y coordinate into the letterboxed image. */
    public double toLetterboxY(double y0) {
        return y0 * newH / h0 + padY;
    }

    /** Resizes {@code img} and pads it onto the square canvas. */
    RgbImage apply(RgbImage img) {
        RgbImage scaled = ImageOps.resize(img, newW, newH);
        if (newW == size && newH == size) {
            return scaled;
        }
        RgbImage out = RgbImage.filled(size, size, PAD_GRAY);
        ImageOps.copy(scaled, 0, 0, newW, newH, out, padX, padY);
        return out;
    }
}
