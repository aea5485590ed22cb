package org.slimlab.train;

/**
 * One training batch as the trainer consumes it.
 *
 * @param images pixels, NCHW, RGB, 0..1 ({@code n * 3 * h * w} values)
 * @param n number of images
 * @param h image height
 * @param w image width
 * @param targets one row per object {@code (imageIndexInBatch, cls, cx, cy, w, h)}, box normalised to the image
 */
public record TrainBatch(float[] images, int n, int h, int w, float[][] targets) {
}
