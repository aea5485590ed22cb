package org.slimlab.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of validating the EMA model after an epoch.
 *
 * @param metrics named figures in column order (they become {@code metrics.csv} columns)
 * @param fitness the number the best checkpoint is chosen by (higher is better)
 */
public record Validation(Map<String, Double> metrics, double fitness) {
    /** The column names of {@link #detection}, in order. */
    public static final List<String> DETECTION_METRICS =
            List.of("metrics/precision", "metrics/recall", "metrics/mAP50", "metrics/mAP50-95");

    public Validation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The detection figures under the Ultralytics column names; fitness {@code 0.1 mAP50 + 0.9 mAP50-95}.
     */
    public static Validation detection(double precision, double recall, double map50, double map5095) {
        double[] values = {precision, recall, map50, map5095};
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(DETECTION_METRICS.get(i), values[i]);
        }
        return new Validation(m, 0.1 * map50 + 0.9 * map5095);
    }
}
