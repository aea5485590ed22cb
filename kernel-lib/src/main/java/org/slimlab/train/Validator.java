package org.slimlab.train;

import java.util.List;

import ai.djl.nn.Block;

/** Validates a model after an epoch (the evaluation package plugs in here). */
@FunctionalInterface
public interface Validator {

    /**
     * @param model the EMA model; forward it with {@code training = false} (autograd is off on this thread)
     * @param epoch the epoch just finished, from 0
     */
    Validation validate(Block model, int epoch);

    /**
     * The names of {@link Validation#metrics()} in column order, for the {@code metrics.csv} columns of epochs
     * that are not validated ({@link TrainConfig#withVal(boolean)}); the detection figures unless overridden.
     */
    default List<String> metricNames() {
        return Validation.DETECTION_METRICS;
    }
}
