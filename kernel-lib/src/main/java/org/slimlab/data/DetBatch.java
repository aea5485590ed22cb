package org.slimlab.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A batch for a detector.
 *
 * @param images  pixels, NCHW, RGB, 0..1 ({@code n * 3 * h * w} values)
 * @param n       number of images
 * @param h       image height
 * @param w       image width
 * @param targets one row per object {@code (imageIndexInBatch, cls, cx, cy, w, h)}, box normalised to the batch
 *                image (YOLOv5 targets layout)
 * @param meta    per image: dataset index, source path, original size, letterbox ratio and padding
 */
public record DetBatch(float[] images, int n, int h, int w, float[][] targets, List<ImageMeta> meta) {
    /** The images as a {@code (n, 3, h, w)} float32 array owned by {@code manager}. */
    public NDArray imagesArray(NDManager manager) {
        return manager.create(images, new Shape(n, 3, h, w));
    }

    /** The targets as a {@code (rows, 6)} float32 array owned by {@code manager} ({@code (0, 6)} when empty). */
    public NDArray targetsArray(NDManager manager) {
        float[] flat = new float[targets.length * 6];
        for (int i = 0; i < targets.length; i++) {
            System.arraycopy(targets[i], 0, flat, i * 6, 6);
        }
        return manager.create(flat, new Shape(targets.length, 6));
    }
}
