package org.slimlab.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of validating the EMA model after an epoch.
 *
 * @param metrics named figures in column order (they become {@code metrics.csv} columns)
 * @param fitness the number the best checkpoint is chosen by (higher is better)
 */
public record Validation(Map<String, Double> metrics, double fitness) {

    public Validation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The detection figures under the Ultralytics column names; fitness {@code 0.1 mAP50 + 0.9 mAP50-95}.
     */
    public static Validation detection(double precision, double recall, double map50, double map5095) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("metrics/precision", precision);
        m.put("metrics/recall", recall);
        m.put("metrics/mAP50", map50);
        m.put("metrics/mAP50-95", map5095);
        return new Validation(m, 0.1 * map50 + 0.9 * map5095);
    }
}
