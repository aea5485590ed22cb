package org.slimlab.train;

import ai.djl.nn.Block;

/** Validates a model after an epoch (the evaluation package plugs in here). */
@FunctionalInterface
public interface Validator {

    /**
     * @param model the EMA model; forward it with {@code training = false} (autograd is off on this thread)
     * @param epoch the epoch just finished, from 0
     */
    Validation validate(Block model, int epoch);
}
