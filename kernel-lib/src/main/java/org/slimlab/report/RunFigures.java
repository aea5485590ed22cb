package org.slimlab.report;

import org.slimlab.SlimException;
import org.slimlab.train.RunDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The figures a finished training run reports in its {@code metrics.csv}: mAP50 and mAP50-95 of the best epoch
 * (the one {@code weights/best.params} holds, chosen by Ultralytics' fitness 0.1 mAP50 + 0.9 mAP50-95) and the
 * training time, the sum of the epochs' {@code time} column (validation after each epoch included).
 *
 * @param map50 mAP at IoU 0.5 of the best epoch
 * @param map50_95 mAP over IoU 0.50..0.95 of the best epoch
 * @param trainSeconds seconds spent in all epochs
 * @param epochs epochs in the file
 */
public record RunFigures(double map50, double map50_95, double trainSeconds, int epochs) {
    private static final String MAP50 = "metrics/mAP50";
    private static final String MAP50_95 = "metrics/mAP50-95";
    private static final String TIME = "time";

    /** Reads {@code run/metrics.csv}. */
    public static RunFigures of(Path run) {
        Path csv = new RunDir(run).metricsCsv();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new SlimException(csv + ": cannot read (" + e.getMessage() + "); is " + run + " a training run?", e);
        }
        if (lines.size() < 2) {
            throw new SlimException(csv + ": no finished epoch");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",")).map(String::strip).toList();
        int m50 = column(csv, header, MAP50);
        int m5095 = column(csv, header, MAP50_95);
        int time = column(csv, header, TIME);
        double best50 = Double.NaN;
        double best5095 = Double.NaN;
        double bestFitness = Double.NEGATIVE_INFINITY;
        double seconds = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            if (cells.length != header.size()) {
                throw new SlimException(csv + ":" + (i + 1) + ": " + cells.length + " cells, the header has " + header.size());
            }
            double a = number(csv, i, cells[m50]);
            double b = number(csv, i, cells[m5095]);
            seconds += number(csv, i, cells[time]);
            double fitness = 0.1 * a + 0.9 * b;
            if (fitness >= bestFitness) {
                bestFitness = fitness;
                best50 = a;
                best5095 = b;
            }
        }
        return new RunFigures(best50, best5095, seconds, lines.size() - 1);
    }

    private static int column(Path csv, List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new SlimException(csv + ":1: no '" + name + "' column");
        }
        return i;
    }

    private static double number(Path csv, int row, String cell) {
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw new SlimException(csv + ":" + (row + 1) + ": '" + cell + "' is not a number");
        }
    }
}
