package org.slimlab.cli;

import org.slimlab.slim.SparsityRegularizer;
import org.slimlab.slim.SparsityTraining;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.Trainer;
import org.slimlab.train.YoloDetector;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code slim train --sr λ [--sr-decay] [--sr-beta X]}: sparsity training (see {@link SparsityRegularizer}). */
public final class SparsityOptions implements TrainExtension {

    @Option(names = "--sr", paramLabel = "L",
            description = "sparsity training: L1 weight on prunable BatchNorm gammas, Network Slimming's lambda (e.g. 1e-4)")
    private Double sr;

    @Option(names = "--sr-decay", description = "decay the weight as sr*(1-0.9*epoch/epochs)")
    private boolean decay;

    @Option(names = "--sr-beta", defaultValue = "0", paramLabel = "X", description = "L1 weight on the same BatchNorms' beta (default: 0)")
    private double beta;

    private SparsityTraining extension() {
        return sr == null ? SparsityTraining.off()
                : SparsityTraining.of(sr, decay ? SparsityRegularizer.Schedule.DECAY : SparsityRegularizer.Schedule.CONSTANT, beta);
    }

    @Override
    public Map<String, Object> args() {
        return extension().args();
    }

    @Override
    public void configure(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        SparsityTraining.install(trainer, config, detector);
    }
}
