package org.slimlab.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The outcome of a validation run: mAP50, mAP50-95, precision and recall (means over labelled classes, at the
 * best-F1 confidence), per-class rows, the curves, the confusion matrix and the NMS speed. Build it with
 * {@link DetectionEvaluator}. {@link #toString()} is the Ultralytics-style printout.
 */
public final class DetMetrics {
    private final List<String> names;
    private final int images;
    private final int[] instancesPerClass;
    private final int[] imagesPerClass;
    private final ApPerClass ap;
    private final ConfusionMatrix confusion;
    private final double nmsMsPerImage;

    DetMetrics(List<String> names, int images, int[] instancesPerClass, int[] imagesPerClass, ApPerClass ap,
               ConfusionMatrix confusion, double nmsMsPerImage) {
        this.names = List.copyOf(names);
        this.images = images;
        this.instancesPerClass = instancesPerClass.clone();
        this.imagesPerClass = imagesPerClass.clone();
        this.ap = ap;
        this.confusion = confusion;
        this.nmsMsPerImage = nmsMsPerImage;
    }

    /** Class names, index = class. */
    public List<String> names() {
        return names;
    }

    /** Images evaluated. */
    public int images() {
        return images;
    }

    /** Labels over all images. */
    public int instances() {
        int s = 0;
        for (int v : instancesPerClass) {
            s += v;
        }
        return s;
    }

    /** Mean precision over labelled classes at the best-F1 confidence. */
    public double precision() {
        return ap.meanPrecision();
    }

    /** Mean recall over labelled classes at the best-F1 confidence. */
    public double recall() {
        return ap.meanRecall();
    }

    /** Mean AP at IoU 0.5. */
    public double map50() {
        return ap.map50();
    }

    /** Mean AP at IoU 0.75. */
    public double map75() {
        return ap.map75();
    }

    /** Mean AP over IoU 0.5:0.95. */
    public double map50_95() {
        return ap.map50to95();
    }

    /** Ultralytics' fitness: {@code 0.1 mAP50 + 0.9 mAP50-95}. */
    public double fitness() {
        return 0.1 * map50() + 0.9 * map50_95();
    }

    /** The confidence where the smoothed mean F1 peaks (where {@link #precision()} and {@link #recall()} are read). */
    public double bestConfidence() {
        return ap.bestConfidence();
    }

    /** One row per class that has labels, ascending class index. */
    public List<ClassResult> classes() {
        int[] cls = ap.classes();
        double[] p = ap.precision();
        double[] r = ap.recall();
        List<ClassResult> rows = new ArrayList<>(cls.length);
        for (int k = 0; k < cls.length; k++) {
            int c = cls[k];
            rows.add(new ClassResult(c, EvalLabels.name(names, c), imagesPerClass[c], instancesPerClass[c],
                    p[k], r[k], ap.ap50(k), ap.ap50to95(k)));
        }
        return Collections.unmodifiableList(rows);
    }

    /** mAP50-95 of every class {@code 0..nc-1}; classes without labels get the overall mean, as Ultralytics. */
    public double[] maps() {
        double[] m = new double[names.size()];
        Arrays.fill(m, map50_95());
        int[] cls = ap.classes();
        for (int k = 0; k < cls.length; k++) {
            if (cls[k] < m.length) {
                m[cls[k]] = ap.ap50to95(k);
            }
        }
        return m;
    }

    /** The per-class AP computation behind these figures. */
    public ApPerClass ap() {
        return ap;
    }

    /** P, R, F1 and PR curves per labelled class. */
    public MetricCurves curves() {
        return ap.curves();
    }

    /** The confusion matrix (conf 0.25, IoU 0.45). */
    public ConfusionMatrix confusionMatrix() {
        return confusion;
    }

    /** Wall time of non-maximum suppression per image, in milliseconds. */
    public double nmsMsPerImage() {
        return nmsMsPerImage;
    }

    /** The figures of {@code ./slim val --json}: map50, map50_95, precision, recall. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("map50", map50());
        m.put("map50_95", map50_95());
        m.put("precision", precision());
        m.put("recall", recall());
        return m;
    }

    /** The results as a table: an "all" row then one row per labelled class. */
    public Table table() {
        return ResultsTable.table(this);
    }

    /** The results as Ultralytics prints them after validation. */
    public String text() {
        return ResultsTable.text(this);
    }

    @Override
    public String toString() {
        return text();
    }
}
