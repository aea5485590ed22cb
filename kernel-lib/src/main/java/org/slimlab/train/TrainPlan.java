package org.slimlab.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run is about to do.
 *
 * @param runDir the run directory
 * @param epochs total epochs
 * @param batches batches per epoch
 * @param startEpoch first epoch this session trains, from 0
 * @param startBatch first batch within it
 * @param lossNames names of the logged loss parts
 */
public record TrainPlan(Path runDir, int epochs, int batches, int startEpoch, int startBatch, List<String> lossNames) {
}
