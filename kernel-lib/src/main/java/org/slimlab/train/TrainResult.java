package org.slimlab.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param runDir the run directory
 * @param epochsDone completed epochs
 * @param bestEpoch epoch (from 0) of {@code weights/best.params}, {@code -1} if none yet
 * @param bestFitness its fitness
 * @param lastRow the last {@code metrics.csv} row (empty before the first epoch ends)
 * @param stopped true when the run stopped before its last epoch (request, interrupt or non-finite loss)
 */
public record TrainResult(Path runDir, int epochsDone, int bestEpoch, double bestFitness, Map<String, Double> lastRow,
        boolean stopped) {
}
