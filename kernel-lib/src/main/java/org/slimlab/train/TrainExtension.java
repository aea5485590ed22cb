package org.slimlab.train;

import java.util.Map;

/**
 * Something that adds to a detection training run: a sparsity regulariser (a {@link GradientHook}), a distillation
 * term (an {@link ExtraLoss}), a logger (a {@link TrainListener}). {@link DetectionTraining} records its
 * {@link #args()} in {@code args.yaml} and calls {@link #configure} before the trainer is built, also on resume,
 * where the arguments come back from {@code args.yaml}: an extension reads its settings from the {@code config} it
 * is given, never from its own fields, so that a resumed run is the same run.
 *
 * <p>On the command line an extension is a picocli mixin of {@code slim train} that implements this interface.
 */
public interface TrainExtension {

    /** The arguments this extension adds to a new run's {@code args.yaml}; empty when it is not switched on. */
    Map<String, Object> args();

    /**
     * Adds hooks, extra losses or listeners to the trainer.
     *
     * @param trainer the trainer being built
     * @param config the run's arguments ({@link #args()} included; read back from {@code args.yaml} on resume)
     * @param detector the architecture being trained
     */
    void configure(Trainer.Builder trainer, TrainConfig config, YoloDetector detector);
}
