package org.slimlab.train;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;

/** What the trainer needs from a detector architecture (the model package implements it). */
public interface TrainableDetector {

    /** A new, uninitialised block of this architecture (called twice: the trained model and its EMA). */
    Block newBlock();

    /** The detection head the losses work on. */
    HeadSpec head();

    /** Writes the full architecture with explicit channel counts ({@code model.yaml} of the run directory). */
    void writeYaml(Path file) throws IOException;
}
