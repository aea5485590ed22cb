package org.slimlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code metrics.csv}: one row per epoch. The header comes from the first row's keys. The file is rewritten
 * atomically on every append, so it never holds a torn row; on resume, rows of epochs that will be trained
 * again are dropped.
 */
final class MetricsCsv {
    private final Path file;
    private final List<String> lines = new ArrayList<>();

    MetricsCsv(Path file) {
        this.file = file;
    }

    /** Loads the existing file, keeping the header and the rows of epochs {@code 1..lastEpoch}. */
    void keepThrough(int lastEpoch) {
        lines.clear();
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < all.size(); i++) {
                String line = all.get(i);
                if (i == 0 || !line.isBlank() && Integer.parseInt(line.substring(0, line.indexOf(',')).trim()) <= lastEpoch) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write();
    }

    /** Appends a row whose first value is the 1-based epoch. */
    void append(Map<String, Double> row) {
        String keys = String.join(",", row.keySet());
        if (lines.isEmpty()) {
            lines.add(keys);
        } else if (!lines.get(0).equals(keys)) {
            throw new IllegalStateException(file + ": epoch row has columns " + keys + ", the header " + lines.get(0));
        }
        List<String> cells = new ArrayList<>();
        boolean first = true;
        for (double v : row.values()) {
            cells.add(first ? String.valueOf((long) v) : format(v));
            first = false;
        }
        lines.add(String.join(",", cells));
        write();
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.7g", v).trim() : String.valueOf(v);
    }

    private void write() {
        AtomicFiles.write(file, String.join("\n", lines) + "\n");
    }
}
