package org.slimlab.anchors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slimlab.data.DetDataset;
import org.slimlab.data.YoloLabel;

/**
 * Widths and heights of a dataset's labelled boxes in pixels at a training image size: every image is resized so
 * that its long side is {@code img}, as the letterbox does. Boxes smaller than 2 pixels on both sides are left out,
 * as YOLOv5 does before fitting anchors.
 */
public final class BoxSizes {
    /** Boxes below this many pixels on both sides are left out. */
    public static final double MIN_SIDE = 2.0;

    private BoxSizes() {
    }

    /** The box sizes of the {@code train} split of a data yaml at {@code img} pixels. */
    public static double[][] of(Path dataYaml, int img) {
        return of(DetDataset.load(dataYaml, "train"), img);
    }

    /** The box sizes of a loaded split at {@code img} pixels, one {@code {w, h}} per box. */
    public static double[][] of(DetDataset d, int img) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            double w0 = d.width(i);
            double h0 = d.height(i);
            double r = img / Math.max(w0, h0);
            for (YoloLabel l : d.labels(i)) {
                double w = l.w() * w0 * r;
                double h = l.h() * h0 * r;
                if (w >= MIN_SIDE || h >= MIN_SIDE) {
                    out.add(new double[] {w, h});
                }
            }
        }
        return out.toArray(new double[0][]);
    }
}
