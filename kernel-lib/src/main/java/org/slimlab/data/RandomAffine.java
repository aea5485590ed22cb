package org.slimlab.data;

import java.util.SplittableRandom;

/**
 * Ultralytics' random_perspective without perspective: about the image centre, a random rotation and scale, a
 * shear, then a translation to a random point near the output centre; boxes follow and degenerate ones are dropped.
 */
final class RandomAffine {
    private RandomAffine() {
    }

    /** Warps {@code in} into a {@code width x height} output (smaller than the input for a mosaic canvas). */
    static Labeled apply(Labeled in, Augment aug, int width, int height, SplittableRandom rng) {
        Affine centre = Affine.translate(-in.image().width / 2.0, -in.image().height / 2.0);
        double gain = uniform(rng, 1 - aug.scale(), 1 + aug.scale());
        Affine rotate = Affine.rotateScale(uniform(rng, -aug.degrees(), aug.degrees()), gain);
        Affine shear = Affine.shear(uniform(rng, -aug.shear(), aug.shear()), uniform(rng, -aug.shear(), aug.shear()));
        Affine move = Affine.translate(uniform(rng, 0.5 - aug.translate(), 0.5 + aug.translate()) * width,
                uniform(rng, 0.5 - aug.translate(), 0.5 + aug.translate()) * height);
        Affine m = centre.then(rotate).then(shear).then(move);
        if (m.isIdentity() && width == in.image().width && height == in.image().height) {
            return in;
        }
        RgbImage out = ImageOps.warp(in.image(), m, width, height, Letterbox.PAD_GRAY);
        return new Labeled(out, Boxes.transform(in.boxes(), m, width, height, gain));
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + rng.nextDouble() * (hi - lo);
    }
}
