package org.slimlab.train;

import org.slimlab.eval.DetMetrics;

/**
 * What a {@link DetectionTraining} run did.
 *
 * @param result how the trainer ended (run directory, epochs, best epoch)
 * @param best the validation of the best weights after training (per class, curves); null when no epoch finished
 * @param seconds wall seconds of this session's training, validation after epochs included
 * @param validationSeconds wall seconds of this session's validation after epochs
 * @param images training images this session trained on
 */
public record TrainOutcome(TrainResult result, DetMetrics best, double seconds, double validationSeconds,
        long images) {

    /** Training images per second, validation excluded (0 when nothing was trained). */
    public double imagesPerSecond() {
        double s = seconds - validationSeconds;
        return s > 0 ? images / s : 0;
    }
}
