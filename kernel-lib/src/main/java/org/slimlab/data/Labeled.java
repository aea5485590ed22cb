package org.slimlab.data;

/** An image with its boxes in pixels ({@link Boxes} rows), as it moves through the augmentation steps. */
record Labeled(RgbImage image, float[][] boxes) {
}
