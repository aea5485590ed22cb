package org.slimlab.slim;

import ai.djl.ndarray.NDManager;
import org.slimlab.model.YoloModel;

/**
 * Structured channel pruning with a physical rebuild. {@link #plan} ranks channels and fixes the
 * smaller architecture (a resolved yaml with explicit widths); {@link #apply} builds it and copies
 * the kept weights, so the result is an ordinary, smaller {@link YoloModel} that saves and reloads
 * without its parent.
 *
 * <pre>{@code
 * PrunePlan plan = Pruner.plan(model, PruneOptions.percent(50));
 * System.out.print(plan.text());
 * YoloModel small = Pruner.apply(model, plan, manager);
 * }</pre>
 *
 * <p>Before fine-tuning, the pruned model computes exactly what the original computes with the
 * removed channels zeroed ({@link #zeroRemoved}), up to float rounding. With
 * {@link PruneOptions#withBetaCompensation} the constant act(β) of removed channels is folded into
 * the next layer instead (exact for 1×1 readers; see Network Slimming's SlimYOLOv3 follow-up).
 */
public final class Pruner {
    private Pruner() {
    }

    /** Decides what to remove; the model must be initialized (its weights are the importance). */
    public static PrunePlan plan(YoloModel model, PruneOptions options) {
        return PrunePlanner.plan(model, options);
    }

    /** Builds the pruned model of {@code plan} in {@code manager}, with the kept weights of {@code model}. */
    public static YoloModel apply(YoloModel model, PrunePlan plan, NDManager manager) {
        return WeightSurgery.rebuild(model, plan, manager);
    }

    /** {@link #plan} then {@link #apply}. */
    public static YoloModel prune(YoloModel model, PruneOptions options, NDManager manager) {
        return apply(model, plan(model, options), manager);
    }

    /**
     * Soft pruning: zeroes, in place, every parameter entry of the channels {@code plan} removes
     * (filters, biases, BatchNorm γ and β, channel-wise parameters). In inference mode the model then
     * gives what the pruned model gives.
     */
    public static void zeroRemoved(YoloModel model, PrunePlan plan) {
        WeightSurgery.zeroRemoved(model, plan);
    }
}
