package org.slimlab.train;

import java.util.Locale;
import java.util.Map;

/** Text pieces shared by the progress listeners. */
public final class ProgressText {
    private ProgressText() {
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A bar of {@code width} cells, {@code done/total} filled. */
    public static String bar(int done, int total, int width) {
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        return "#".repeat(filled) + "-".repeat(width - filled);
    }

    /** The loss parts, e.g. {@code box 0.0512  obj 0.0311  cls 0.0210}. */
    public static String losses(StepReport r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.lossNames().size(); i++) {
            sb.append(i == 0 ? "" : "  ").append(r.lossNames().get(i)).append(' ')
                    .append(String.format(Locale.ROOT, "%.4f", r.meanLoss()[i]));
        }
        return sb.toString();
    }

    /** {@code 4.2 it/s  ETA 0:13} (seconds per batch below one batch per second). */
    public static String speed(StepReport r) {
        double rate = r.rate();
        String s = rate >= 1 || rate == 0 ? String.format(Locale.ROOT, "%.1f it/s", rate)
                : String.format(Locale.ROOT, "%.1f s/it", 1 / rate);
        return s + "  ETA " + duration(r.etaSeconds());
    }

    /** One console line for a step. */
    public static String line(StepReport r) {
        StepInfo s = r.step();
        return String.format(Locale.ROOT, "%3d/%d [%s] %d/%d  %s  %s", s.epoch() + 1, s.epochs(),
                bar(s.batch() + 1, s.batches(), 20), s.batch() + 1, s.batches(), losses(r), speed(r));
    }

    /** The validation and time columns of a metrics row, e.g. {@code metrics/mAP50 0.412  time 0:42}. */
    public static String epochSummary(Map<String, Double> row) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : row.entrySet()) {
            String k = e.getKey();
            if ((k.startsWith("metrics/") || k.startsWith("val/")) && !e.getValue().isNaN()) {
                sb.append(sb.length() == 0 ? "" : "  ").append(k).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", e.getValue()));
            }
        }
        if (row.containsKey("time")) {
            sb.append(sb.length() == 0 ? "" : "  ").append("time ").append(duration(row.get("time")));
        }
        return sb.toString();
    }
}
