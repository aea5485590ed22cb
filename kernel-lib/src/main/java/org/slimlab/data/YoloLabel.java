package org.slimlab.data;

/**
 * One object of a YOLO label file: a class index and a box given by its centre and size, each normalised to the
 * image width or height (0..1).
 */
public record YoloLabel(int cls, float cx, float cy, float w, float h) {
    /** Left edge in pixels of an image {@code width} wide. */
    public double x1(int width) {
        return (cx - w / 2.0) * width;
    }

    /** Top edge in pixels of an image {@code height} tall. */
    public double y1(int height) {
        return (cy - h / 2.0) * height;
    }

    /** Right edge in pixels of an image {@code width} wide. */
    public double x2(int width) {
        return (cx + w / 2.0) * width;
    }

    /** Bottom edge in pixels of an image {@code height} tall. */
    public double y2(int height) {
        return (cy + h / 2.0) * height;
    }
}
