package org.slimlab.data;

import java.util.SplittableRandom;

/**
 * Makes one training or validation sample: decode, letterbox or mosaic, random affine, HSV and flips. The random
 * stream comes from (seed, epoch, index) alone, so a sample is the same whichever thread builds it.
 */
final class SampleBuilder {
    private final DetDataset data;
    private final int size;
    private final Augment aug;
    private final long seed;

    /** One finished sample: {@code size x size} image, pixel boxes and its source description. */
    record Sample(RgbImage image, float[][] boxes, ImageMeta meta) {
    }

    SampleBuilder(DetDataset data, int size, Augment aug, long seed) {
        this.data = data;
        this.size = size;
        this.aug = aug;
        this.seed = seed;
    }

    Sample build(int index, int epoch) {
        Letterbox lb = Letterbox.of(data.width(index), data.height(index), size);
        ImageMeta meta = new ImageMeta(index, data.path(index), data.width(index), data.height(index), lb);
        if (!aug.enabled()) {
            Labeled plain = letterboxed(index, lb);
            return new Sample(plain.image(), plain.boxes(), meta);
        }
        SplittableRandom rng = Seeds.rng(seed, epoch, index);
        Labeled s;
        if (rng.nextDouble() < aug.mosaic()) {
            Labeled canvas = Mosaic.canvas(index, data.size(), size, this::resized, rng);
            s = RandomAffine.apply(canvas, aug, size, size, rng);
        } else {
            s = RandomAffine.apply(letterboxed(index, lb), aug, size, size, rng);
        }
        RgbImage img = s.image();
        HsvJitter.apply(img, aug.hsvH(), aug.hsvS(), aug.hsvV(), rng);
        if (rng.nextDouble() < aug.flipUd()) {
            ImageOps.flipVertical(img);
            Boxes.flipVertical(s.boxes(), size);
        }
        if (rng.nextDouble() < aug.flipLr()) {
            ImageOps.flipHorizontal(img);
            Boxes.flipHorizontal(s.boxes(), size);
        }
        return new Sample(img, s.boxes(), meta);
    }

    /** Image {@code i} letterboxed to the square, with pixel boxes. */
    private Labeled letterboxed(int i, Letterbox lb) {
        return new Labeled(lb.apply(data.rgb(i)),
                Boxes.fromLabels(data.labels(i), lb.newW(), lb.newH(), lb.padX(), lb.padY()));
    }

    /** Image {@code i} resized so its long side is {@code size}, with pixel boxes (a mosaic tile). */
    private Labeled resized(int i) {
        Letterbox lb = Letterbox.of(data.width(i), data.height(i), size);
        RgbImage img = ImageOps.resize(data.rgb(i), lb.newW(), lb.newH());
        return new Labeled(img, Boxes.fromLabels(data.labels(i), lb.newW(), lb.newH(), 0, 0));
    }
}
