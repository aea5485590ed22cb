package org.slimlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;
import org.slimlab.train.ExtraLoss;
import org.slimlab.train.StepInfo;
import org.slimlab.train.TrainBatch;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.Trainer;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.YoloDetector;
import picocli.CommandLine.Option;

/** A {@code slim train} extension as a mixin: option {@code --probe-gain} adds a zero loss term and counts its calls. */
final class ProbeExtension implements TrainExtension {
    @Option(names = "--probe-gain", paramLabel = "G")
    Double gain;

    int calls;

    @Override
    public Map<String, Object> args() {
        return gain == null ? Map.of() : Map.of("probe_gain", gain);
    }

    @Override
    public void configure(Trainer.Builder trainer, TrainConfig config, YoloDetector detector) {
        Object g = config.toMap().get("probe_gain");
        if (!(g instanceof Double scale)) {
            return;
        }
        trainer.extraLoss(new ExtraLoss() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public NDArray compute(NDArray images, NDList outputs, TrainBatch batch, StepInfo step) {
                calls++;
                NDArray zero = outputs.get(0).getManager().create(0f);
                return outputs.get(0).sum().mul(zero).mul(outputs.get(0).getManager().create(scale.floatValue()));
            }
        });
    }
}
