package org.slimlab.report;

import org.slimlab.SlimException;
import org.slimlab.model.ModelSummary;
import org.slimlab.model.YoloModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inference latency of several models at several batch sizes and image sizes, each measured with
 * {@link Latency#compare} (the models run in alternation, so a busy machine slows them alike). The first
 * model is the reference: every row carries its FLOPs ratio (reference GFLOPs / model GFLOPs) next to the
 * measured speed-up (reference latency / model latency), the two figures a slimming claim rests on.
 */
public final class LatencyTable {
    /** CSV header of {@link #csv()}. */
    public static final String CSV_HEADER =
            "model,parameters,gflops,batch,img,median_ms,min_ms,max_ms,runs,images_per_s,flops_ratio,speedup,device";

    private final List<Row> rows;

    /** A model to time, under the name the table shows. */
    public record Entry(String name, YoloModel model) {
    }

    /**
     * One measurement.
     *
     * @param model the entry's name
     * @param parameters parameter count
     * @param gflops GFLOPs of one image at {@code latency.img()} (Ultralytics counting)
     * @param latency the timing
     * @param flopsRatio reference GFLOPs / these GFLOPs (1 for the reference)
     * @param speedup reference median latency / this median latency at the same batch and size
     */
    public record Row(String model, long parameters, double gflops, Latency.Result latency, double flopsRatio,
            double speedup) {
        /** Images per second at this batch size. */
        public double imagesPerSecond() {
            return latency.batch() * 1000.0 / latency.medianMs();
        }
    }

    private LatencyTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * Times every model at every image size and batch size ({@code warmup} untimed and {@code runs} timed
     * rounds each).
     *
     * @throws SlimException when no model is given, or a size or count is invalid for a model
     */
    public static LatencyTable measure(List<Entry> entries, List<Integer> imgs, List<Integer> batches, int warmup,
            int runs) {
        if (entries.isEmpty() || imgs.isEmpty() || batches.isEmpty()) {
            throw new SlimException("latency: give at least one model, one image size and one batch size");
        }
        List<YoloModel> models = entries.stream().map(Entry::model).toList();
        List<Row> rows = new ArrayList<>();
        for (int img : imgs) {
            double[] gflops = new double[entries.size()];
            for (int k = 0; k < entries.size(); k++) {
                gflops[k] = ModelSummary.of(models.get(k), img).gflops();
            }
            for (int batch : batches) {
                List<Latency.Result> results = Latency.compare(models, batch, img, warmup, runs);
                for (int k = 0; k < entries.size(); k++) {
                    Latency.Result r = results.get(k);
                    rows.add(new Row(entries.get(k).name(), models.get(k).parameterCount(), gflops[k], r,
                            gflops[0] / gflops[k], results.get(0).medianMs() / r.medianMs()));
                }
            }
        }
        return new LatencyTable(rows);
    }

    /** The measurements: for each image size, for each batch size, one row per model. */
    public List<Row> rows() {
        return rows;
    }

    /** A fixed-width table, one line per row. */
    public String text() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s %10s %7s %5s %5s %10s %10s %9s %8s %8s%n",
                "model", "params", "GFLOPs", "batch", "img", "median ms", "min-max", "images/s", "FLOPs x", "speed x"));
        for (Row r : rows) {
            Latency.Result l = r.latency();
            sb.append(String.format(Locale.ROOT, "%-28s %10d %7.2f %5d %5d %10.2f %4.0f-%-5.0f %9.1f %8.2f %8.2f%n",
                    r.model(), r.parameters(), r.gflops(), l.batch(), l.img(), l.medianMs(), l.minMs(), l.maxMs(),
                    r.imagesPerSecond(), r.flopsRatio(), r.speedup()));
        }
        return sb.toString();
    }

    /** The rows as CSV with {@link #CSV_HEADER}. */
    public String csv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            Latency.Result l = r.latency();
            sb.append(String.format(Locale.ROOT, "%s,%d,%.4f,%d,%d,%.3f,%.3f,%.3f,%d,%.2f,%.4f,%.4f,%s%n",
                    r.model().replace(',', ';'), r.parameters(), r.gflops(), l.batch(), l.img(), l.medianMs(),
                    l.minMs(), l.maxMs(), l.runs(), r.imagesPerSecond(), r.flopsRatio(), r.speedup(), l.device()));
        }
        return sb.toString();
    }

    /** Writes {@link #csv()} to {@code file}, creating its folder. */
    public void writeCsv(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, csv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SlimException(file + ": cannot write the latency CSV (" + e.getMessage() + ")", e);
        }
    }
}
